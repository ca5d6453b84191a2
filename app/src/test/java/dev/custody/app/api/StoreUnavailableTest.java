package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system of record cannot be reached. Compliance mode {@code none}: with a hash chain, startup
 * itself asks the backend for its capabilities and would (rightly) fail. The spool is off (see SpoolApiTest for
 * what it changes).
 */
class StoreUnavailableTest {

    @TempDir
    static Path home;
    static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.start(home, Map.of("custody.storage.primary.backend", "test-unavailable",
                "custody.compliance.mode", "none",
                "custody.spool.enabled", "false",
                "custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"))));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyStoreOperationAnswers503WithRetryAfter() {
        for (Resp r : List.of(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "x")),
                api.get("/v1/audit/events?namespace=billing&tenant=acme", ADMIN),
                api.get("/v1/audit/events/0190a5b2-0000-7000-8000-000000000000", ADMIN),
                api.get("/v1/audit/export?namespace=billing&tenant=acme", ADMIN),
                api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}"),
                api.get("/v1/compliance/status", ADMIN))) {
            assertProblem(r, 503, "STORE_UNAVAILABLE", null);
            assertThat(r.header("Retry-After")).isEqualTo("5");
            assertThat(r.body()).doesNotContain("connection refused");
        }
    }

    @Test
    void healthIsDownWithTheError() {
        Resp health = api.get("/health", ADMIN);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("\"status\":\"DOWN\"", "systemOfRecord", "connection refused");
    }
}
