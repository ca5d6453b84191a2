package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.TestRedis;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the service on {@code postgres} with the Redis hot tier does no work per chain (issue "Many tenants",
 * point 5: a restart with a million chains must reach UP in seconds): the service starts, composition root, hot tier
 * and all, while another transaction holds every chain head locked, so nothing at start reads a chain. Passes on the
 * service as it is; fails if a scan of every chain (a recovery, a drain, a recount) is added to the start.
 */
class PostgresHotManyChainsStartTest {

    @TempDir
    Path home;

    @Test
    void restart_readsNoChain_whileEveryChainHeadIsLocked() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_many_start"); TestRedis redis = new TestRedis()) {
            Map<String, Object> props = new HashMap<>(Map.of(
                    "custody.storage.primary.backend", "postgres",
                    "custody.storage.primary.properties.url", db.url,
                    "custody.storage.primary.properties.username", PostgresTestDatabase.USER,
                    "custody.storage.primary.properties.migrate", "true",
                    "custody.storage.hot.provider", "redis",
                    "custody.storage.hot.uri", redis.uri(),
                    "custody.storage.hot.key-prefix", redis.prefix,
                    "custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"))));
            try (TestServer api = TestServer.start(home, props)) {
                for (int k = 0; k < 100; k++) {
                    TestServer.Resp r = api.post("/v1/audit/events", ADMIN, batch(event("many", "t" + k, "a")));
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                }
            }
            try (Connection locker = db.connect()) {
                locker.setAutoCommit(false);
                try (Statement s = locker.createStatement()) {
                    s.execute("LOCK TABLE custody.chain_heads IN ACCESS EXCLUSIVE MODE");
                }
                Future<TestServer> starting = pool.submit(() -> TestServer.start(home, props));
                TestServer again;
                try {
                    again = starting.get(45, TimeUnit.SECONDS);   // under the store's 60 s socket timeout
                } catch (TimeoutException e) {
                    throw new AssertionError("the service's start waited for the locked chain heads: it reads chains at start", e);
                }
                try (TestServer api = again) {
                    // the lock holds: an append (which reads its chain's head) waits for it
                    Future<TestServer.Resp> append = pool.submit(() -> api.post("/v1/audit/events", ADMIN,
                            batch(event("many", "t7", "b"))));
                    Thread.sleep(1_000);
                    assertThat(append).as("an append waits for the lock").isNotDone();
                    locker.rollback();
                    TestServer.Resp r = append.get(60, TimeUnit.SECONDS);
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                    assertThat(r.body()).contains("\"seq\":2");
                    assertThat(api.get("/health", null).body()).contains("\"status\":\"UP\"");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
