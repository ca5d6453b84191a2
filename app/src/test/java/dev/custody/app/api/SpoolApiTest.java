package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.FlakyAuditStoreProvider;
import dev.custody.app.testing.FlakyAuditStoreProvider.Flaky;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system of record goes away and comes back under the running service: appends are answered 202
 * {@code "spooled": true}, health is DEGRADED, a full spool is a 503, hipaa refuses instead of spooling,
 * and once the store answers the spool drains in order with nothing lost or duplicated.
 */
class SpoolApiTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");

    @TempDir
    Path home;
    TestServer api;
    Flaky store;

    private void start(String mode, Object maxEvents) {
        String name = UUID.randomUUID().toString();
        Map<String, Object> props = new HashMap<>();
        props.put("custody.storage.primary.backend", "test-flaky");
        props.put("custody.storage.primary.properties.name", name);
        props.put("custody.compliance.mode", mode);
        props.put("custody.spool.retry-interval", "50ms");
        props.put("custody.spool.max-events", maxEvents);
        props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        api = TestServer.start(home, props);
        store = FlakyAuditStoreProvider.store(name);
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(Resp r) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(r.body())).get("records");
    }

    private void awaitHealth(String status) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Resp h = null;
        while (System.nanoTime() < deadline) {
            h = api.get("/health", ADMIN);
            if (h.body().contains("\"status\":\"" + status + "\"")) {
                Map<?, ?> m = (Map<?, ?>) Json.parse(h.body());
                if (status.equals(m.get("status"))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("health did not become " + status + ": " + (h == null ? "-" : h.body()));
    }

    @Test
    void soc2_outageIsSpooledAsSuch_thenDrainedInOrder() throws Exception {
        start("soc2", 1000);
        List<String> order = new ArrayList<>();
        Resp first = api.post("/v1/audit/events", ADMIN, event("billing", "acme", "before"));
        assertThat(first.status()).isEqualTo(201);
        order.add((String) records(first).get(0).get("id"));

        store.down.set(true);
        for (int i = 0; i < 5; i++) {
            Resp r = api.post("/v1/audit/events", ADMIN, TestServer.batch(event("billing", "acme", "during-" + i),
                    event("billing", "acme", "during-" + i + "b")));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            assertThat(r.body()).startsWith("{\"spooled\":true,");
            for (Map<String, Object> rec : records(r)) {
                assertThat(rec).containsKeys("id", "accepted_at").doesNotContainKey("seq");
                order.add((String) rec.get("id"));
            }
        }
        Resp replay = api.post("/v1/audit/events", ADMIN, event("billing", "acme", "keyed"), "Idempotency-Key", "k-1");
        assertThat(replay.status()).isEqualTo(202);
        order.add((String) records(replay).get(0).get("id"));
        assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "keyed"), "Idempotency-Key", "k-1").body())
                .isEqualTo(replay.body());

        Resp health = api.get("/health", ADMIN);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"DEGRADED\"", "\"events\":11", "connection refused");
        assertThat(api.runtime().config().home().resolve("spool/billing/acme/entries.jsonl")).isRegularFile();

        store.down.set(false);
        awaitHealth("UP");
        List<String> stored;
        try (Stream<AuditRecord> s = store.delegate.stream(CHAIN)) {
            stored = s.map(AuditRecord::id).toList();
        }
        assertThat(stored).containsExactlyElementsOf(order);
        assertThat(new ChainVerifier().verify(store.delegate, CHAIN).valid()).isTrue();
        Resp byId = api.get("/v1/audit/events/" + order.get(3), ADMIN);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.body()).contains("\"seq\":4");
        assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "after")).status()).isEqualTo(201);
    }

    @Test
    void spoolFull_is503WithRetryAfter_andHealthDown() throws Exception {
        start("soc2", 3);
        store.down.set(true);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "x" + i)).status()).isEqualTo(202);
        }
        Resp full = api.post("/v1/audit/events", ADMIN, event("billing", "acme", "x3"));
        assertProblem(full, 503, "SPOOL_FULL", null);
        assertThat(full.header("Retry-After")).isEqualTo("5");
        Resp health = api.get("/health", ADMIN);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"");
        store.down.set(false);
        awaitHealth("UP");
        try (Stream<AuditRecord> s = store.delegate.stream(CHAIN)) {
            assertThat(s.count()).isEqualTo(3);
        }
    }

    @Test
    void hipaa_refusesInsteadOfSpooling() {
        start("hipaa", 1000);
        store.down.set(true);
        Resp r = api.post("/v1/audit/events", ADMIN, event("billing", "acme", "x"));
        assertProblem(r, 503, "STORE_UNAVAILABLE", null);
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(api.get("/health", ADMIN).status()).isEqualTo(503);
        assertThat(api.runtime().config().home().resolve("spool/billing")).doesNotExist();
        store.down.set(false);
    }
}
