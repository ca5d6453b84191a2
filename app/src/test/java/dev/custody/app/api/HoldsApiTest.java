package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.json.Json;
import dev.custody.domain.retention.LegalHolds;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legal holds through the API on PostgreSQL with personal-data protection and Redis conversation checkpoints:
 * a hold stops retention of its records and of its subject's checkpoints, and erasure of its subject (409
 * SUBJECT_ON_HOLD, recorded); every change is an admin record naming the subject only by pseudonym; after
 * release retention deletes both and the chain verifies.
 */
class HoldsApiTest {

    static final String REDIS = System.getProperty("custody.test.redis", "redis://127.0.0.1:6379");
    private static final ChainId CHAIN = ChainId.of("billing", "pg");

    @TempDir
    Path home;

    @Test
    void hold_blocksRetentionAndErasure_releaseLetsRetentionDelete() throws Exception {
        String prefix = "custody-test:" + UUID.randomUUID() + ":";
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_holds");
                TestServer api = TestServer.start(home, props(db, prefix))) {
            MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
            assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "pg", "a1"), event("billing", "pg", "a2"),
                    event("billing", "pg", "a3"))).status()).isEqualTo(201);
            Resp put = api.send("PUT", "/v1/subject-data/checkpoints", WRITER, "application/json",
                    "{\"namespace\":\"billing\",\"tenant\":\"pg\",\"subject_id\":\"s-42\",\"thread_id\":\"t-1\",\"checkpoint\":{\"m\":1}}".getBytes(StandardCharsets.UTF_8));
            assertThat(put.status()).as(put.body()).isEqualTo(204);
            assertThat(api.send("PUT", "/v1/subject-data/checkpoints", WRITER, "application/json",
                    "{\"namespace\":\"billing\",\"tenant\":\"pg\",\"subject_id\":\"s-77\",\"thread_id\":\"t-9\",\"checkpoint\":{\"m\":2}}".getBytes(StandardCharsets.UTF_8))
                    .status()).isEqualTo(204);
            MovableClockFactory.CLOCK.set(Instant.parse("2023-06-01T00:00:00Z"));
            assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "pg", "b1"))).status()).isEqualTo(201);

            TestServer.assertProblem(api.post("/v1/holds", ADMIN, "{\"scope\":{\"namespace\":\"billing\"},\"reason\":\"r\","
                    + "\"case_id\":\"c\"}"), 400, "INVALID_PARAMETER", "/scope/tenant");
            Resp placed = api.post("/v1/holds", ADMIN, "{\"scope\":{\"namespace\":\"billing\",\"tenant\":\"pg\","
                    + "\"subject_id\":\"s-42\"},\"reason\":\"litigation\",\"case_id\":\"CASE-7\"}");
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            String holdId = (String) ((Map<?, ?>) Json.parse(placed.body())).get("id");
            assertThat(api.get("/v1/holds", ADMIN).body()).contains(holdId).contains("CASE-7").doesNotContain("s-42");

            Resp erase = api.post("/v1/gdpr/erasures", ADMIN, "{\"subject_id\":\"s-42\",\"requested_by\":\"dpo\"}");
            TestServer.assertProblem(erase, 409, "SUBJECT_ON_HOLD", null);
            assertThat(erase.body()).contains(holdId);

            Resp dry = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":true}");
            Resp held = api.post("/v1/retention/runs", ADMIN, "{}");
            assertThat(held.status()).as(held.body()).isEqualTo(200);
            Map<?, ?> h = (Map<?, ?>) Json.parse(held.body());
            assertThat((Map<?, ?>) ((Map<?, ?>) h.get("deleted")).get("warm")).isEmpty();
            assertThat(((Map<?, ?>) ((Map<?, ?>) h.get("deleted")).get("subject_data")).get("conversation_checkpoints"))
                    .as("s-77's old checkpoint goes, the held subject's stays: %s", held.body()).isEqualTo(1L);
            assertThat(((Map<?, ?>) Json.parse(dry.body())).get("deleted")).isEqualTo(h.get("deleted"));
            assertThat(h.get("notes").toString()).contains("held by hold " + holdId)
                    .contains("subject data of 1 subject named by a legal hold kept");
            assertThat(api.runtime().store().stream(CHAIN).count()).isEqualTo(4);
            assertThat(api.runtime().privacy().checkpoint(CHAIN, "s-42", "t-1")).as("the held subject's checkpoint").isPresent();
            assertThat(api.runtime().privacy().checkpoint(CHAIN, "s-77", "t-9")).isEmpty();

            Resp released = api.send("DELETE", "/v1/holds/" + holdId, ADMIN, null, null);
            assertThat(released.status()).as(released.body()).isEqualTo(200);
            TestServer.assertProblem(api.send("DELETE", "/v1/holds/" + holdId, ADMIN, null, null), 404, "NOT_FOUND", null);
            assertThat(api.get("/v1/holds", ADMIN).body()).isEqualTo("{\"holds\":[]}");

            Resp run = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
            assertThat(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Json.parse(run.body())).get("deleted")).get("warm")).get("decision"))
                    .as(run.body()).isEqualTo(3L);
            assertThat(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Json.parse(run.body())).get("deleted")).get("subject_data"))
                    .get("conversation_checkpoints")).as("released: the checkpoint goes now").isEqualTo(1L);
            assertThat(api.runtime().privacy().checkpoint(CHAIN, "s-42", "t-1")).isEmpty();
            Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"pg\"}");
            assertThat(verify.body()).startsWith("{\"valid\":true,\"records_checked\":1,");

            List<AuditRecord> admin = api.runtime().store().readRange(LegalHolds.CHAIN, 1, 100);
            assertThat(admin).extracting(AuditRecord::action).containsExactly("hold.place", "erasure.refused", "hold.release");
            assertThat(admin).allMatch(r -> r.kind().equals("admin") && !r.json().contains("s-42"));
            Resp holdsChain = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"custody\",\"tenant\":\"holds\"}");
            assertThat(holdsChain.body()).startsWith("{\"valid\":true,\"records_checked\":3,");
        }
    }

    @Test
    void withPersonalDataProtectionOff_aHoldStillKeepsItsSubjectsCheckpoints() throws Exception {
        TestRedis redis = new TestRedis();
        Map<String, Object> p = new HashMap<>();
        p.put("test.movable-clock", "true");
        p.put("custody.subject-data.stores", List.of(Map.of("provider", "redis", "properties",
                Map.of("uri", redis.uri(), "prefix", redis.prefix))));
        p.put("custody.retention.subject-data", Map.of("conversation_checkpoints", "P90D"));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("writer", WRITER, "writer", "*/*")));
        try (redis; TestServer api = TestServer.start(home, p)) {   // the file backend, no personal-data fields
            MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
            assertThat(api.send("PUT", "/v1/subject-data/checkpoints", WRITER, "application/json",
                    "{\"namespace\":\"billing\",\"tenant\":\"pg\",\"subject_id\":\"s-42\",\"thread_id\":\"t-1\",\"checkpoint\":{\"m\":1}}".getBytes(StandardCharsets.UTF_8))
                    .status()).isEqualTo(204);
            MovableClockFactory.CLOCK.set(Instant.parse("2023-06-01T00:00:00Z"));
            Resp placed = api.post("/v1/holds", ADMIN, "{\"scope\":{\"namespace\":\"billing\",\"tenant\":\"files\","
                    + "\"subject_id\":\"s-42\"},\"reason\":\"litigation\",\"case_id\":\"CASE-8\"}");
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            assertThat(placed.body()).as("the service pseudonym, as with protection on").containsPattern(
                    "\"subject_pseudonym\":\"[0-9a-f]{32}\"").doesNotContain("s-42");

            Resp run = api.post("/v1/retention/runs", ADMIN, "{}");
            assertThat(((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Json.parse(run.body())).get("deleted")).get("subject_data"))
                    .get("conversation_checkpoints")).as(run.body()).isEqualTo(0L);
            assertThat(api.runtime().privacy().checkpoint(CHAIN, "s-42", "t-1")).isPresent();
        }
    }

    private static Map<String, Object> props(PostgresTestDatabase db, String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("test.movable-clock", "true");
        p.put("custody.storage.primary.backend", "postgres");
        p.put("custody.storage.primary.properties.url", db.url);
        p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
        p.put("custody.storage.primary.properties.migrate", "true");
        p.put("custody.personal-data.fields", List.of("/payload/prompt"));
        p.put("custody.subject-data.stores", List.of(Map.of("provider", "redis", "properties", Map.of("uri", REDIS, "prefix", prefix))));
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1Y")));
        p.put("custody.retention.subject-data", Map.of("conversation_checkpoints", "P90D"));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("writer", WRITER, "writer", "*/*")));
        return p;
    }
}
