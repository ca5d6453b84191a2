package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.FailingFileAuditStoreProvider;
import dev.custody.app.testing.FailingFileAuditStoreProvider.Failing;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store failure where the spool applies (soc2, spool on; ADR 0129): appends are accepted into the spool (202) and
 * drained once the store is back, reads answer 503, health is DEGRADED naming the cause, and recovers by itself. When
 * the spool itself cannot write (its own storage fails), the append answers 503, never 500, and health is DOWN.
 */
class StoreFailureSpoolTest {

    static final ChainId ACME = ChainId.of("billing", "acme");

    @TempDir
    Path home;
    TestServer api;
    Failing store;

    @BeforeEach
    void start() {
        api = TestServer.start(home, Map.of("custody.storage.primary.backend", "test-failing-file",
                "custody.storage.primary.properties.name", "store-failure-spool",
                "custody.spool.retry-interval", "100ms",
                "custody.health.store-failure-window", "500ms",
                "custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"))));
        store = FailingFileAuditStoreProvider.store("store-failure-spool");
    }

    @AfterEach
    void stop() {
        store.recover();
        api.close();
    }

    @Test
    void descriptorsRunOut_appendsSpool_readsAre503_healthIsDegradedWithTheCause_andAllDrainsOnceTheyAreBack()
            throws Exception {
        assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "before")).status()).isEqualTo(201);
        store.failWith(op -> new AuditStoreException(op + ": cannot open " + home + "/records/billing/acme: Too many open files",
                new IOException("Too many open files")));

        Resp spooled = api.post("/v1/audit/events", ADMIN, event("billing", "acme", "during"));
        assertThat(spooled.status()).as(spooled.body()).isEqualTo(202);
        String id = (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(spooled.body())).get("records")).get(0)).get("id");
        Resp read = api.get("/v1/audit/events?namespace=billing&tenant=acme", ADMIN);
        assertProblem(read, 503, "STORE_UNAVAILABLE", null);
        assertThat(read.header("Retry-After")).isEqualTo("5");

        Map<?, ?> sor = awaitHealth(h -> h.status() == 200 && "DEGRADED".equals(status(h)));
        assertThat(sor.get("status")).isEqualTo("DEGRADED");
        Map<?, ?> d = (Map<?, ?>) sor.get("details");
        assertThat(d.get("cause")).isEqualTo("descriptors");
        assertThat(d.get("spooling")).isEqualTo(true);
        assertThat((String) d.get("error")).contains("Too many open files");
        assertThat(failures("descriptors")).isPositive();

        store.recover();
        awaitHealth(h -> h.status() == 200 && "UP".equals(status(h)));
        try (Stream<AuditRecord> s = store.file.stream(ACME)) {
            assertThat(s.map(AuditRecord::id).toList()).as("the spooled event is stored under the id it was given").contains(id);
        }
        assertThat(new ChainVerifier().verify(store.file, ACME).valid()).isTrue();
    }

    @Test
    void theSpoolCannotWriteEither_appendIs503NotA500_countedAsLocal_andHealthIsDown() throws Exception {
        Files.createDirectories(home.resolve("spool/billing"));
        Files.writeString(home.resolve("spool/billing/blocked"), "a file where the chain's spool directory belongs");
        store.failWith(op -> new AuditStoreException(op + ": No space left on device", new IOException("No space left on device")));

        Resp r = api.post("/v1/audit/events", ADMIN, event("billing", "blocked", "during"));
        assertProblem(r, 503, "STORE_UNAVAILABLE", null);
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(r.body()).doesNotContain(home.toString(), "spool");
        assertThat(api.server.getApplicationContext().getBean(MeterRegistry.class).find("custody.store.failures")
                .tag("operation", "local").counter()).as("the spool's own failure is counted").isNotNull();

        Map<?, ?> sor = awaitHealth(h -> h.status() == 503);
        assertThat(sor.get("status")).as("the spool cannot take appends: DOWN, not DEGRADED").isEqualTo("DOWN");
        assertThat(String.valueOf(((Map<?, ?>) sor.get("details")).get("operations"))).contains("local");

        store.recover();
        Files.delete(home.resolve("spool/billing/blocked"));
        awaitHealth(h -> h.status() == 200 && "UP".equals(status(h)));
        assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "blocked", "after")).status()).isEqualTo(201);
    }

    private double failures(String cause) {
        return api.server.getApplicationContext().getBean(MeterRegistry.class).find("custody.store.failures").tag("cause", cause)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static Object status(Resp health) {
        return ((Map<?, ?>) Json.parse(health.body())).get("status");
    }

    /** The systemOfRecord component once health satisfies {@code until} (within 10 s). */
    private Map<?, ?> awaitHealth(Predicate<Resp> until) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Resp h = null;
        while (System.nanoTime() < deadline) {
            h = api.get("/health", ADMIN);
            if (until.test(h)) {
                return (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Json.parse(h.body())).get("details")).get("systemOfRecord");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("health did not turn as expected: " + (h == null ? "-" : h.body()));
    }
}
