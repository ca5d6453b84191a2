package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.cli.CustodyCommand;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.S3TestServer;
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.json.Json;
import dev.custody.domain.tiering.StoredRecords;
import dev.custody.ports.ChainId;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export after archival (PostgreSQL, Redis, s3proxy over HTTP): a chain of 1,040 records whose first 999 went to
 * the cold archive is exported whole, byte for byte as appended, by {@code GET /v1/audit/export} and
 * {@code custody export}, and an export of a range crosses the tiers exactly; {@code custody verify-export} accepts
 * the whole chain and calls a file that does not start at genesis {@code partial} (exit 3) unless told it is a range.
 */
class TieredExportTest {

    private static final String BUCKET = "custody-export";
    private static final String EXPORT = "/v1/audit/export?namespace=billing&tenant=big";

    @TempDir
    Path home;

    @TempDir
    Path blobs;

    @Test
    void afterArchival_exportGivesTheWholeChain_andVerifyExportCallsAHeadCutFilePartial() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_export");
             TestRedis redis = new TestRedis();
             S3TestServer s3 = new S3TestServer(blobs)) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("test.movable-clock", "true");
            props.put("custody.storage.primary.backend", "postgres");
            props.put("custody.storage.primary.properties.url", db.url);
            props.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
            props.put("custody.storage.primary.properties.migrate", "true");
            props.put("custody.storage.hot.provider", "redis");
            props.put("custody.storage.hot.uri", redis.uri());
            props.put("custody.storage.hot.key-prefix", redis.prefix);
            props.put("custody.archive.provider", "s3");
            s3.archiveProperties(BUCKET).forEach((k, v) -> props.put("custody.archive.properties." + k, v));
            props.put("custody.archive.archive-after", "P1D");
            props.put("custody.archive.schedule", "off");
            props.put("custody.archive.segment-max-records", "400");
            props.put("custody.archive.max-attempts", "1");
            props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            String config = OfflineCli.config(home, props).toString();

            try (TestServer api = TestServer.start(home, props)) {
                MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
                append(api, 0, 333);
                append(api, 333, 333);
                append(api, 666, 333);
                MovableClockFactory.CLOCK.set(Instant.parse("2020-01-03T00:00:00Z"));
                append(api, 999, 41);
                String appended = api.get(EXPORT, ADMIN).body();
                List<String> lines = appended.lines().toList();
                assertThat(lines).hasSize(1040);

                ChainId chain = ChainId.of("billing", "big");
                var archived = api.runtime().tiering().orElseThrow().runner().run(List.of(chain));   // what `custody archive run` runs
                assertThat(archived.get(0).segments()).containsExactly("billing/big/2020/01/1-400.ndjson.zst",
                        "billing/big/2020/01/401-800.ndjson.zst", "billing/big/2020/01/801-999.ndjson.zst");
                assertThat(api.runtime().store().readRange(chain, 1, 2000)).as("the warm rows: seq 1000..1040").hasSize(41);

                Resp whole = api.get(EXPORT, ADMIN);
                assertThat(whole.status()).as(whole.body()).isEqualTo(200);
                assertThat(whole.header("Content-Disposition")).isEqualTo("attachment; filename=\"billing-big.ndjson\"");
                assertThat(whole.body().lines().map(l -> StoredRecords.parse(l).seq()).toList()).as("seq order, archive first")
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 1040).boxed().toList());
                assertThat(whole.body()).as("byte for byte what was appended").isEqualTo(appended);

                Path cliFile = home.resolve("cli-export.ndjson");
                OfflineCli.Run exported = OfflineCli.run("export", "--namespace", "billing", "--tenant", "big", "--config", config, "-o", cliFile.toString());
                assertThat(exported.code()).as(exported.err()).isZero();
                assertThat(Files.readString(cliFile)).isEqualTo(appended);

                OfflineCli.Run verified = OfflineCli.run("verify-export", cliFile.toString());
                assertThat(verified.code()).as(verified.out() + verified.err()).isZero();
                Map<?, ?> v = (Map<?, ?>) Json.parse(verified.out().trim());
                assertThat(v.get("valid")).isEqualTo(true);
                assertThat(v.get("partial")).isEqualTo(false);
                assertThat(v.get("records_checked")).isEqualTo(1040L);

                Resp crossing = api.get(EXPORT + "&from_seq=700&to_seq=1010", ADMIN);
                assertThat(crossing.status()).as(crossing.body()).isEqualTo(200);
                assertThat(crossing.header("Content-Disposition")).isEqualTo("attachment; filename=\"billing-big-700-1010.ndjson\"");
                assertThat(crossing.body().lines().toList()).isEqualTo(lines.subList(699, 1010));

                Resp tail = api.get(EXPORT + "&from_seq=1000", ADMIN);
                assertThat(tail.body().lines().toList()).isEqualTo(lines.subList(999, 1040));
                Path tailFile = Files.writeString(home.resolve("tail.ndjson"), tail.body());
                OfflineCli.Run cliTail = OfflineCli.run("export", "--namespace", "billing", "--tenant", "big", "--from-seq", "1000", "--config", config);
                assertThat(cliTail.code()).as(cliTail.err()).isZero();
                assertThat(cliTail.out()).isEqualTo(tail.body());

                OfflineCli.Run partial = OfflineCli.run("verify-export", tailFile.toString());
                assertThat(partial.code()).as(partial.out() + partial.err()).isEqualTo(3);
                Map<?, ?> p = (Map<?, ?>) Json.parse(partial.out().trim());
                assertThat(p.get("valid")).isEqualTo(false);
                assertThat(p.get("partial")).isEqualTo(true);
                assertThat(p.get("first_broken_at")).isNull();
                assertThat((String) p.get("reason")).contains("starts at seq 1000", "--allow-partial");
                OfflineCli.Run range = OfflineCli.run("verify-export", "--allow-partial", tailFile.toString());
                assertThat(range.code()).as(range.out() + range.err()).isZero();
                Map<?, ?> r = (Map<?, ?>) Json.parse(range.out().trim());
                assertThat(r.get("valid")).isEqualTo(true);
                assertThat(r.get("partial")).isEqualTo(true);
                assertThat(r.get("records_checked")).isEqualTo(41L);

                TestServer.assertProblem(api.get(EXPORT + "&from_seq=0", ADMIN), 400, "INVALID_PARAMETER", "from_seq");
                TestServer.assertProblem(api.get(EXPORT + "&from_seq=9&to_seq=8", ADMIN), 400, "INVALID_PARAMETER", "to_seq");
                TestServer.assertProblem(api.get(EXPORT + "&to_seq=x", ADMIN), 400, "INVALID_PARAMETER", "to_seq");
            }
        }
    }

    private static void append(TestServer api, int first, int n) {
        String[] events = new String[n];
        Arrays.setAll(events, i -> event("billing", "big", "approve-" + (first + i)));
        Resp created = api.post("/v1/audit/events", ADMIN, batch(events));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
