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
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.json.Json;
import dev.custody.domain.tiering.StoredRecords;
import dev.custody.ports.AuditRecord;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service with {@code postgres} as system of record, {@code redis} as hot tier and {@code s3} as cold archive,
 * all real (PostgreSQL and Redis on this machine, s3proxy over HTTP in-process): it archives through {@code custody archive run}, verifies archive and
 * warm rows as one chain (API and CLI), answers forensics, restores a range, and names the record and segment
 * when a byte of an archived object is changed in the blob store.
 */
class TieredServiceTest {

    private static final String BUCKET = "custody-archive";

    @TempDir
    Path home;

    @TempDir
    Path blobs;

    @Test
    void postgresAndS3_archiveVerifyRestoreAndForensics() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_tier");
             TestRedis redis = new TestRedis();
             S3TestServer s3 = new S3TestServer(blobs)) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("custody.storage.primary.backend", "postgres");
            props.put("custody.storage.primary.properties.url", db.url);
            props.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
            props.put("custody.storage.primary.properties.migrate", "true");
            props.put("custody.storage.hot.provider", "redis");
            props.put("custody.storage.hot.uri", redis.uri());
            props.put("custody.storage.hot.key-prefix", redis.prefix);
            props.put("custody.archive.provider", "s3");
            s3.archiveProperties(BUCKET).forEach((k, v) -> props.put("custody.archive.properties." + k, v));
            props.put("custody.archive.archive-after", "0s");
            props.put("custody.archive.schedule", "off");
            props.put("custody.archive.segment-max-records", "10");
            props.put("custody.archive.max-attempts", "1");
            props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            Path config = writeConfig(props);

            try (TestServer api = TestServer.start(home, props)) {
                for (int b = 0; b < 3; b++) {
                    String[] events = new String[10];
                    for (int i = 0; i < 10; i++) {
                        events[i] = event("billing", "pg", "approve-" + (b * 10 + i));
                    }
                    Resp created = api.post("/v1/audit/events", ADMIN, batch(events));
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                }
                List<AuditRecord> records = new ArrayList<>();
                for (String line : api.get("/v1/audit/export?namespace=billing&tenant=pg", ADMIN).body().split("\n")) {
                    records.add(StoredRecords.parse(line));
                }
                assertThat(records).hasSize(30);

                Run run = cli("archive", "run", "--namespace", "billing", "--tenant", "pg", "--config", config.toString());
                assertThat(run.code).as(run.err).isZero();
                Map<?, ?> report = (Map<?, ?>) Json.parse(run.out.trim());
                assertThat(report.get("records_archived")).isEqualTo(29L);
                assertThat(report.get("warm_removed")).isEqualTo(29L);
                assertThat((List<?>) report.get("segments")).hasSize(3);
                assertThat(count(db, "SELECT count(*) FROM custody.audit_records WHERE namespace = 'billing'"))
                        .as("the chain's warm rows (reads add access records in custody.access)").isEqualTo(1);
                assertThat(count(db, "SELECT count(*) FROM custody.custody_log WHERE stage = 'archive'")).isEqualTo(3);

                String since = records.get(0).recordedAt().toString();
                Resp hot = api.get("/v1/audit/events?namespace=billing&tenant=pg&tier=hot&limit=1000&from=" + since, ADMIN);
                assertThat(hot.status()).as(hot.body()).isEqualTo(200);
                assertThat(ids(hot)).as("the hot tier still holds the hour, archived records included")
                        .containsExactlyElementsOf(records.stream().map(r -> (Object) r.id()).toList());
                assertThat(api.get("/health", ADMIN).body()).contains("\"hotTier\"").doesNotContain("hot_tier_degraded");

                Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"pg\"}");
                Map<?, ?> v = (Map<?, ?>) Json.parse(verify.body());
                assertThat(v.get("valid")).as(verify.body()).isEqualTo(true);
                assertThat(v.get("records_checked")).isEqualTo(30L);
                assertThat(v.get("first_record_id")).isEqualTo(records.get(0).id());
                assertThat(v.get("last_record_id")).isEqualTo(records.get(29).id());
                assertThat(((Map<?, ?>) v.get("tiers")).get("segments_checked")).isEqualTo(3L);
                Run cliVerify = cli("verify", "--namespace", "billing", "--tenant", "pg", "--config", config.toString());
                assertThat(cliVerify.code).as(cliVerify.out + cliVerify.err).isZero();

                Resp forensic = api.get("/forensics/verify?event_id=" + records.get(4).id(), ADMIN);
                assertThat(forensic.status()).as(forensic.body()).isEqualTo(200);
                Map<?, ?> f = (Map<?, ?>) Json.parse(forensic.body());
                assertThat(f.get("valid")).as(forensic.body()).isEqualTo(true);
                assertThat(stages(f)).containsExactly("ingest", "ledger", "archive");

                Run restore = cli("archive", "restore", "--namespace", "billing", "--tenant", "pg", "--from-seq", "5", "--to-seq", "12",
                        "--config", config.toString());
                assertThat(restore.code).as(restore.err).isZero();
                assertThat(((Map<?, ?>) Json.parse(restore.out.trim())).get("records_restored")).isEqualTo(8L);
                assertThat(count(db, "SELECT count(*) FROM custody.restored_records")).isEqualTo(8);
                Resp restoredRead = api.get("/v1/audit/events/" + records.get(6).id(), ADMIN);
                assertThat(restoredRead.status()).as(restoredRead.body()).isEqualTo(200);
                assertThat(restoredRead.body()).isEqualTo(records.get(6).json());
                assertThat(api.get("/v1/audit/events/" + records.get(2).id(), ADMIN).status()).as("archived, not restored").isEqualTo(404);
                assertThat(ids(api.get("/v1/audit/events?namespace=billing&tenant=pg&action=approve-6", ADMIN)))
                        .as("a filtered query finds a restored record").containsExactly(records.get(6).id());
                assertThat(ids(api.get("/v1/audit/events?namespace=billing&tenant=pg&action=approve-2", ADMIN)))
                        .as("archived, not restored").isEmpty();
                List<Object> paged = new ArrayList<>();
                String cursor = "";
                do {
                    Map<?, ?> page = (Map<?, ?>) Json.parse(api.get("/v1/audit/events?namespace=billing&tenant=pg&limit=3"
                            + "&from=2000-01-01T00:00:00Z" + cursor, ADMIN).body());
                    ((List<?>) page.get("records")).forEach(r -> paged.add(((Map<?, ?>) r).get("id")));
                    cursor = page.get("next_cursor") == null ? null : "&cursor=" + page.get("next_cursor");
                } while (cursor != null);
                List<Object> expected = new ArrayList<>();
                records.subList(4, 12).forEach(r -> expected.add(r.id()));
                expected.add(records.get(29).id());
                assertThat(paged).as("pages of 3 over the restored range, then the warm rows").containsExactlyElementsOf(expected);
                Map<?, ?> after = (Map<?, ?>) Json.parse(api.get("/forensics/verify?event_id=" + records.get(4).id(), ADMIN).body());
                assertThat(after.get("valid")).isEqualTo(true);
                assertThat(stages(after)).containsExactly("ingest", "ledger", "archive", "restore");

                TestServer.assertProblem(api.get("/forensics/verify?event_id=not-a-uuid", ADMIN), 400, "INVALID_PARAMETER", "event_id");
                TestServer.assertProblem(api.get("/forensics/verify?event_id=0190f5e2-0000-7000-8000-000000000000", ADMIN), 404,
                        "NOT_FOUND", null);

                // change one record inside the second segment, in s3proxy's blob store
                Path object = find(blobs.resolve(BUCKET), "11-20.ndjson.zst");
                byte[] ndjson = Zstd.decompress(Files.readAllBytes(object), 1 << 20);
                String text = new String(ndjson, StandardCharsets.UTF_8).replace("approve-14\"", "approve-99\"");
                Files.write(object, Zstd.compress(text.getBytes(StandardCharsets.UTF_8), 3));

                Map<?, ?> broken = (Map<?, ?>) Json.parse(api.post("/v1/audit/verify", ADMIN,
                        "{\"namespace\":\"billing\",\"tenant\":\"pg\"}").body());
                assertThat(broken.get("valid")).isEqualTo(false);
                assertThat(broken.get("first_broken_at")).isEqualTo(records.get(14).id());
                assertThat((String) ((Map<?, ?>) broken.get("tiers")).get("broken_segment")).endsWith("/11-20.ndjson.zst");
                assertThat((String) broken.get("reason")).contains("s3://" + BUCKET + "/billing/pg/").contains("sha256");
                Run cliBroken = cli("verify", "--namespace", "billing", "--tenant", "pg", "--config", config.toString());
                assertThat(cliBroken.code).isEqualTo(1);
                Map<?, ?> f15 = (Map<?, ?>) Json.parse(api.get("/forensics/verify?event_id=" + records.get(11).id(), ADMIN).body());
                assertThat(f15.get("valid")).isEqualTo(false);
            }
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CustodyCommand.run(args, new PrintWriter(out), new PrintWriter(err), () -> new ByteArrayInputStream(new byte[0]));
        return new Run(code, out.toString(), err.toString());
    }

    private Path writeConfig(Map<String, Object> props) throws Exception {
        StringBuilder yaml = new StringBuilder();
        props.forEach((k, v) -> {
            if (!(v instanceof List)) {
                yaml.append(k).append(": \"").append(v).append("\"\n");
            }
        });
        yaml.append("custody.home: \"").append(home.resolve("cli")).append("\"\n");
        Path file = home.resolve("cli.yml");
        Files.writeString(file, yaml);
        return file;
    }

    private static List<Object> ids(Resp page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<Object> ids = new ArrayList<>();
        ((List<?>) ((Map<?, ?>) Json.parse(page.body())).get("records")).forEach(r -> ids.add(((Map<?, ?>) r).get("id")));
        return ids;
    }

    private static List<Object> stages(Map<?, ?> forensics) {
        return ((List<?>) forensics.get("stages")).stream().map(s -> ((Map<?, ?>) s).get("stage")).map(Object.class::cast).toList();
    }

    private static long count(PostgresTestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Path find(Path root, String name) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }
}
