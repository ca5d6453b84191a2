package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.domain.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/audit/verify} tells a chain that never existed (404) from one that existed and lost its records
 * ({@code valid: false}, with what the retention records say it held), which used to answer
 * {@code {"valid": true, "records_checked": 0}} alike.
 */
class VerifyExistenceTest {

    @TempDir
    Path home;

    @Test
    void aChainThatNeverHeldRecords_is404() {
        try (TestServer api = TestServer.start(home, props())) {
            post(api, "billing", "acme", "a1");
            Resp missing = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"nobody\"}");
            assertProblem(missing, 404, "NOT_FOUND", "/tenant");
            assertThat(missing.body()).contains("no chain billing/nobody");
            Resp present = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}");
            assertThat(present.body()).as(present.body()).startsWith("{\"valid\":true,\"records_checked\":1,");
        }
    }

    @Test
    void aChainShortenedByRetention_thenDeletedOutsideCustody_isBroken_naming_whatTheRetentionRecordSays() throws Exception {
        try (TestServer api = TestServer.start(home, props())) {
            MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
            post(api, "billing", "gone", "a1", "a2", "a3");
            MovableClockFactory.CLOCK.set(Instant.parse("2023-06-01T00:00:00Z"));
            post(api, "billing", "gone", "b1", "b2");
            Resp run = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            Resp shortened = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"gone\"}");
            assertThat(shortened.body()).as(shortened.body()).startsWith("{\"valid\":true,\"records_checked\":2,");
        }
        deleteTree(home.resolve("records/billing/gone"));   // someone with disk access removes the chain
        try (TestServer api = TestServer.start(home, props())) {
            Resp v = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"gone\"}");
            assertThat(v.status()).as(v.body()).isEqualTo(200);
            Map<?, ?> body = (Map<?, ?>) Json.parse(v.body());
            assertThat(body.get("valid")).isEqualTo(false);
            assertThat(body.get("records_checked")).isEqualTo(0L);
            assertThat((String) body.get("reason")).startsWith("the chain holds no records, but a retention record says it held seq 4");
        }
    }

    private static void post(TestServer api, String namespace, String tenant, String... actions) {
        Resp resp = api.post("/v1/audit/events", ADMIN, batch(Stream.of(actions).map(a -> event(namespace, tenant, a))
                .toArray(String[]::new)));
        assertThat(resp.status()).as(resp.body()).isEqualTo(201);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Map<String, Object> props() {
        Map<String, Object> p = new HashMap<>();
        p.put("test.movable-clock", "true");
        p.put("custody.storage.primary.properties.dir", home.resolve("records").toString());
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1Y"),
                Map.of("namespace", "custody", "delete-after", "P10Y")));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        return p;
    }
}
