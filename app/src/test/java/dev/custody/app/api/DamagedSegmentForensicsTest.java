package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.cli.CustodyCommand;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.S3TestServer;
import dev.custody.domain.json.Json;
import dev.custody.domain.tiering.StoredRecords;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forensics over damaged archive segments (PostgreSQL, s3proxy over HTTP; objects replaced through the S3 API):
 * an archived event of a segment whose object no longer matches its manifest is found and its archive stage
 * names the problem — object hash mismatch with its own line intact, record changed, unreadable object — instead
 * of {@code 404}; an export over such a segment fails {@code ARCHIVE_DAMAGED} naming it, never silently shorter.
 */
class DamagedSegmentForensicsTest {

    private static final String BUCKET = "custody-forensics";
    private static final String PREFIX = "billing/pg/";

    @TempDir
    Path home;

    @TempDir
    Path blobs;

    @Test
    void forensics_describesDamagedSegments_andExportRefusesThem() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_damaged"); S3TestServer s3 = new S3TestServer(blobs)) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("custody.storage.primary.backend", "postgres");
            props.put("custody.storage.primary.properties.url", db.url);
            props.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
            props.put("custody.storage.primary.properties.migrate", "true");
            props.put("custody.archive.provider", "s3");
            s3.archiveProperties(BUCKET).forEach((k, v) -> props.put("custody.archive.properties." + k, v));
            props.put("custody.archive.archive-after", "0s");
            props.put("custody.archive.schedule", "off");
            props.put("custody.archive.segment-max-records", "10");
            props.put("custody.archive.max-attempts", "1");
            props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            String config = OfflineCli.config(home, props).toString();

            try (TestServer api = TestServer.start(home, props)) {
                String[] events = new String[30];
                for (int i = 0; i < events.length; i++) {
                    events[i] = event("billing", "pg", "approve-" + i);
                }
                assertThat(api.post("/v1/audit/events", ADMIN, batch(events)).status()).isEqualTo(201);
                List<AuditRecord> records = new ArrayList<>();
                api.get("/v1/audit/export?namespace=billing&tenant=pg", ADMIN).body().lines().forEach(l -> records.add(StoredRecords.parse(l)));
                ChainId chain = ChainId.of("billing", "pg");
                var tiering = api.runtime().tiering().orElseThrow();
                assertThat(tiering.runner().run(List.of(chain)).get(0).segments()).hasSize(3);   // 1-10, 11-20, 21-29; 30 stays warm
                tiering.restorer().restore(chain, 21, 25, "test");
                String first = key(s3, "1-10.ndjson.zst");
                String second = key(s3, "11-20.ndjson.zst");
                String third = key(s3, "21-29.ndjson.zst");

                // the same lines, compressed at another level: the object no longer has the manifest's sha256
                s3.overwrite(BUCKET, first, Zstd.compress(Zstd.decompress(s3.read(BUCKET, first), 1 << 20), 19));
                Map<?, ?> intactLine = forensics(api, records.get(3).id());
                assertThat(intactLine.get("valid")).isEqualTo(false);
                assertThat(stage(intactLine, "ingest").get("ok")).isEqualTo(true);
                assertThat((String) stage(intactLine, "archive").get("problem")).contains("s3://" + BUCKET + "/" + first,
                        "object hash mismatch", "the line of seq 4 itself is intact").doesNotContain("Merkle", "record changed");

                // one record's line changed, re-uploaded
                String text = new String(Zstd.decompress(s3.read(BUCKET, second), 1 << 20), StandardCharsets.UTF_8);
                s3.overwrite(BUCKET, second, Zstd.compress(text.replace("approve-13\"", "approve-99\"").getBytes(StandardCharsets.UTF_8), 3));
                Map<?, ?> changed = forensics(api, records.get(13).id());
                assertThat(changed.get("seq")).isEqualTo(14L);
                assertThat(stage(changed, "ingest").get("ok")).as("the only copy no longer matches its hash").isEqualTo(false);
                assertThat((String) stage(changed, "archive").get("problem")).contains("object hash mismatch",
                        "record changed: the archived line of seq 14 does not match its record_hash", "Merkle root mismatch");
                assertThat((String) stage(forensics(api, records.get(11).id()), "archive").get("problem"))
                        .contains("another record does not check: seq 14", "the line of seq 12 itself is intact");

                // an object that no longer decompresses: an event restored from it is still described
                s3.overwrite(BUCKET, third, "not a zstd frame".getBytes(StandardCharsets.UTF_8));
                Map<?, ?> unreadable = forensics(api, records.get(22).id());
                assertThat((String) stage(unreadable, "archive").get("problem")).contains("object hash mismatch",
                        "unreadable object: cannot decompress", "the line of seq 23 cannot be read");
                assertThat(stage(unreadable, "restore").get("ok")).isEqualTo(true);

                Resp export = api.get("/v1/audit/export?namespace=billing&tenant=pg", ADMIN);
                TestServer.assertProblem(export, 500, "ARCHIVE_DAMAGED", null);
                assertThat(export.body()).contains("s3://" + BUCKET + "/" + first, "sha256");
                OfflineCli.Run cliExport = OfflineCli.run("export", "--namespace", "billing", "--tenant", "pg", "--config", config, "-o",
                        home.resolve("damaged.ndjson").toString());
                assertThat(cliExport.code()).isEqualTo(2);
                assertThat(cliExport.err().lines().toList()).singleElement().asString()
                        .startsWith("custody: cannot export billing/pg: archived segment s3://" + BUCKET + "/" + first + " does not check");
                assertThat(home.resolve("damaged.ndjson")).doesNotExist();
            }
        }
    }

    private static Map<?, ?> forensics(TestServer api, String eventId) {
        Resp r = api.get("/forensics/verify?event_id=" + eventId, ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (Map<?, ?>) Json.parse(r.body());
    }

    private static Map<?, ?> stage(Map<?, ?> report, String name) {
        return ((List<?>) report.get("stages")).stream().map(s -> (Map<?, ?>) s).filter(s -> name.equals(s.get("stage")))
                .findFirst().orElseThrow(() -> new AssertionError("no stage " + name + " in " + report));
    }

    private String key(S3TestServer s3, String name) throws Exception {
        try (var files = Files.walk(blobs.resolve(BUCKET))) {
            Path p = files.filter(f -> f.getFileName().toString().equals(name)).findFirst().orElseThrow();
            return blobs.resolve(BUCKET).relativize(p).toString();
        }
    }
}
