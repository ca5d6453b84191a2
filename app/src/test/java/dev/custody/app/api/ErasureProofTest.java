package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.AUDITOR;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.READER;
import static dev.custody.app.api.TestServer.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.CapturedLogs;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The erasure proof (issue 5), on the real service with each backend (file, encrypted-file, postgres) and the
 * real Redis: events of a subject with a distinctive subject id and a distinctive string in a personal field,
 * a conversation checkpoint in Redis, then erasure. Every byte under custody.home, every column of every row
 * of custody.audit_records and every Redis key and value under the test's prefix is searched for both
 * strings: before erasure the checkpoint (Redis) must hold the string, the records never; afterwards nothing
 * anywhere. Every chain still verifies, through the API and offline on the export. Neither string appears in
 * anything the service logged meanwhile (SLF4J and java.util.logging) nor in its metrics.
 */
class ErasureProofTest {

    static final String REDIS = System.getProperty("custody.test.redis", "redis://127.0.0.1:6379");
    private static final ChainId T1 = ChainId.of("support", "t1");
    private static final ChainId T2 = ChainId.of("support", "t2");

    @TempDir
    Path home;

    private final String subject = "subj-Zq" + UUID.randomUUID().toString().replace("-", "");
    private final String secret = "Secret-Prompt-" + UUID.randomUUID();
    private final String otherSecret = "Other-Prompt-" + UUID.randomUUID();
    private final String prefix = "custody-test:" + UUID.randomUUID() + ":";

    @ParameterizedTest
    @ValueSource(strings = {"file", "encrypted-file", "postgres"})
    void erasure_leavesNoTraceOfTheSubject_andEveryChainStillVerifies(String backend) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("custody.security.api-keys", List.of(
                TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("writer", WRITER, "writer", "*/*"),
                TestServer.key("reader", READER, "reader", "*/*"),
                TestServer.key("auditor", AUDITOR, "auditor", "*/*")));
        props.put("custody.personal-data.fields", List.of("/payload/prompt", "/payload/user/email"));
        props.put("custody.subject-data.stores", List.of(Map.of("provider", "redis",
                "properties", Map.of("uri", REDIS, "prefix", prefix))));
        props.put("custody.storage.primary.backend", backend);
        PostgresTestDatabase db = null;
        if (backend.equals("postgres")) {
            db = PostgresTestDatabase.create("custody_erasure");
            props.put("custody.storage.primary.properties.url", db.url);
            props.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
            props.put("custody.storage.primary.properties.migrate", "true");
        }
        try (CapturedLogs logs = new CapturedLogs(); TestServer api = TestServer.start(home, props)) {
            post(api, T1, subject, secret, "c1");
            post(api, T1, subject, secret + " again", "c2");
            post(api, T2, subject, secret, "c3");
            post(api, T1, "someone-else", otherSecret, "c4");
            Resp put = api.send("PUT", "/v1/subject-data/checkpoints", WRITER, "application/json",
                    ("{\"namespace\":\"support\",\"tenant\":\"t1\",\"subject_id\":\"" + subject + "\",\"thread_id\":\"thread-1\",\"checkpoint\":{\"messages\":[\""
                            + secret + "\"]}}").getBytes(StandardCharsets.UTF_8));
            assertThat(put.status()).as(put.body()).isEqualTo(204);

            // before: the records never held either string (the encryption claim); Redis holds the checkpoint
            assertThat(scanHome()).as("files before erasure").isEmpty();
            if (db != null) {
                assertThat(scanRows(db)).as("rows before erasure").isEmpty();
            }
            assertThat(scanRedis()).as("redis before erasure holds the checkpoint").contains(secret).doesNotContain(subject);
            // auditors read the plaintext, found by the subject id; readers see the stored ciphertext
            String audited = api.get("/v1/audit/events?namespace=support&tenant=t1&subject_id=" + subject, AUDITOR, PURPOSE_HEADER, PURPOSE).body();
            assertThat(((List<?>) ((Map<?, ?>) Json.parse(audited)).get("records"))).hasSize(2);
            assertThat(audited).contains(secret, "alice@example.com").doesNotContain(subject);
            String read = api.get("/v1/audit/events?namespace=support&tenant=t1&subject_id=" + subject, READER).body();
            assertThat(read).doesNotContain(secret).contains("\"enc\":\"custody.v1\"");

            Resp erased = api.post("/v1/gdpr/erasures", ADMIN, "{\"subject_id\":\"" + subject + "\",\"requested_by\":\"dpo-ticket-7\"}");
            assertThat(erased.status()).as(erased.body()).isEqualTo(201);
            Map<?, ?> result = (Map<?, ?>) Json.parse(erased.body());
            assertThat(result.get("reason")).isEqualTo("gdpr_article_17_user_request");
            assertThat((String) result.get("subject_pseudonym")).matches("hmac-sha256:[0-9a-f]{32}");
            assertThat((List<?>) result.get("errors")).isEmpty();
            assertThat((List<?>) result.get("records")).hasSize(2);
            assertThat(erased.body()).contains("{\"count\":3,\"data_type\":\"audit_record_personal_fields\",\"method\":\"crypto_shredded\"}")
                    .contains("{\"count\":1,\"data_type\":\"conversation_checkpoints\",\"method\":\"deleted\",")
                    .contains("{\"count\":2,\"data_type\":\"subject_keysets\",\"method\":\"destroyed\"}")
                    .doesNotContain(subject);

            Resp again = api.post("/v1/gdpr/erasures", ADMIN, "{\"subject_id\":\"" + subject + "\",\"requested_by\":\"dpo-ticket-7\"}");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(erased.body());
            TestServer.assertProblem(api.post("/v1/gdpr/erasures", ADMIN,
                    "{\"subject_id\":\"never-seen\",\"requested_by\":\"dpo\"}"), 404, "UNKNOWN_SUBJECT", null);

            // after: nothing of the subject anywhere
            assertThat(scanHome()).as("files after erasure").isEmpty();
            if (db != null) {
                assertThat(scanRows(db)).as("rows after erasure").isEmpty();
            }
            assertThat(scanRedis()).as("redis after erasure").doesNotContain(secret).doesNotContain(subject);
            for (String token : List.of(AUDITOR, READER)) {
                String t1 = api.get("/v1/audit/events?namespace=support&tenant=t1", token, PURPOSE_HEADER, PURPOSE).body();
                assertThat(t1).doesNotContain(secret).contains("\"prompt\":\"[erased]\"", "\"email\":\"[erased]\"");
            }
            assertThat(api.get("/v1/audit/events?namespace=support&tenant=t1", AUDITOR, PURPOSE_HEADER, PURPOSE).body())
                    .as("another subject stays readable").contains(otherSecret);
            assertThat(api.get("/v1/audit/events?namespace=support&tenant=t1&subject_id=" + subject, AUDITOR, PURPOSE_HEADER, PURPOSE).body())
                    .isEqualTo("{\"records\":[],\"next_cursor\":null}");
            assertThat(api.get("/v1/audit/events?namespace=support&tenant=t1&kind=gdpr_erasure", AUDITOR, PURPOSE_HEADER, PURPOSE).body())
                    .contains("\"subject_pseudonym\":\"" + result.get("subject_pseudonym") + "\"");
            assertThat(api.get("/prometheus", null).body())
                    .contains("custody_subject_data_deleted_total{cause=\"erasure\",data_type=\"conversation_checkpoints\"} 1.0")
                    .as("no metric names the subject").doesNotContain(subject);

            for (ChainId chain : List.of(T1, T2)) {
                Resp v = api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"support\",\"tenant\":\"" + chain.tenant() + "\"}", PURPOSE_HEADER, PURPOSE);
                assertThat(v.body()).startsWith("{\"valid\":true");
                String export = api.get("/v1/audit/export?namespace=support&tenant=" + chain.tenant(), AUDITOR, PURPOSE_HEADER, PURPOSE).body();
                Verification offline = new ChainVerifier().verifyExport(Arrays.asList(export.split("\n")).iterator());
                assertThat(offline.valid()).as(offline.reason()).isTrue();
                assertThat(export).doesNotContain(secret, subject).contains("\"kind\":\"gdpr_erasure\"");
            }
            api.assertChainsVerify();
            String logged = logs.all();
            assertThat(logged).as("the service logged while it ran").isNotBlank();
            assertThat(logged).as("logs").doesNotContain(subject).doesNotContain(secret);
        } finally {
            if (db != null) {
                db.close();
            }
            cleanRedis();
        }
    }

    private static void post(TestServer api, ChainId chain, String subjectId, String prompt, String callId) {
        String body = "{\"namespace\":\"" + chain.namespace() + "\",\"tenant\":\"" + chain.tenant() + "\",\"kind\":\"llm_call\","
                + "\"action\":\"chat.complete\",\"actor\":{\"type\":\"service\",\"id\":\"assistant\"},\"resource\":{\"type\":\"model\","
                + "\"id\":\"m-1\"},\"outcome\":\"ok\",\"subject_id\":\"" + subjectId + "\",\"payload\":{\"call\":\"" + callId
                + "\",\"prompt\":\"" + prompt + "\",\"user\":{\"email\":\"alice@example.com\",\"plan\":\"pro\"},\"tokens\":42}}";
        Resp r = api.post("/v1/audit/events", WRITER, body, "Idempotency-Key", callId);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** Which of the two strings occur in any file under custody.home. */
    private List<String> scanHome() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : List.of(subject, secret)) {
                    if (bytes.contains(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                        found.add(s + " in " + home.relativize(f));
                    }
                }
            }
        }
        return found;
    }

    private List<String> scanRows(PostgresTestDatabase db) throws Exception {
        List<String> found = new ArrayList<>();
        int rows = 0;
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r::text FROM custody.audit_records r")) {
            while (rs.next()) {
                rows++;
                String row = rs.getString(1);
                for (String x : List.of(subject, secret)) {
                    if (row.contains(x)) {
                        found.add(x + " in row " + row.substring(0, Math.min(80, row.length())));
                    }
                }
            }
        }
        assertThat(rows).as("the scan saw the rows").isGreaterThanOrEqualTo(4);
        return found;
    }

    /** Every key name, string value and sorted-set member under the test's prefix, as one text. */
    private String scanRedis() {
        StringBuilder all = new StringBuilder();
        try (RedisClient client = RedisClient.create(REDIS); StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            for (String key : r.keys(prefix + "*")) {
                all.append(key).append('\n');
                switch (r.type(key)) {
                    case "string" -> all.append(r.get(key)).append('\n');
                    case "zset" -> r.zrangeWithScores(key, 0, -1).forEach((ScoredValue<String> v) -> all.append(v.getValue()).append('\n'));
                    default -> all.append("unexpected type ").append(r.type(key)).append('\n');
                }
            }
        }
        return all.toString();
    }

    private void cleanRedis() {
        try (RedisClient client = RedisClient.create(REDIS); StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> mine = c.sync().keys(prefix + "*");
            if (!mine.isEmpty()) {
                c.sync().del(mine.toArray(String[]::new));
            }
        }
    }
}
