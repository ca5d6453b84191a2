package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.fault.TcpProxy;
import dev.custody.app.hot.IngestPromoter;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.IngestEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Async ingest in compliance mode none (202, promotion exactly once, also after a crash between append and
 * acknowledge) and Redis going away and coming back for real, through a TCP proxy the test cuts.
 */
class HotTierFaultTest {

    @TempDir
    Path home;

    private TestRedis redis;
    private TcpProxy proxy;

    @BeforeEach
    void services() throws java.io.IOException {
        redis = new TestRedis();
        proxy = TcpProxy.start(TestRedis.HOST, TestRedis.PORT);
    }

    @AfterEach
    void cleanUp() {
        proxy.close();
        redis.close();
    }

    private Map<String, Object> props(String mode) {
        Map<String, Object> p = new HashMap<>();
        p.put("custody.compliance.mode", mode);
        p.put("custody.storage.hot.uri", "redis://127.0.0.1:" + proxy.port());
        p.put("custody.storage.hot.key-prefix", redis.prefix);
        p.put("custody.storage.hot.command-timeout", "300ms");
        p.put("custody.storage.hot.probe-interval", "200ms");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        return p;
    }

    @Test
    void modeNone_answers202_andThePromoterAppendsInOrderExactlyOnce() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_async")) {
            Map<String, Object> p = props("none");
            p.put("custody.storage.primary.backend", "postgres");
            p.put("custody.storage.primary.properties.url", db.url);
            p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
            p.put("custody.storage.primary.properties.migrate", "true");
            try (TestServer api = TestServer.start(home, p)) {
                ChainId chain = ChainId.of("billing", "async");
                Resp r = api.post("/v1/audit/events", ADMIN, batch(event("billing", "async", "one"),
                        event("billing", "async", "two"), event("billing", "async", "three")));
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                List<?> accepted = (List<?>) ((Map<?, ?>) Json.parse(r.body())).get("accepted");
                List<String> ids = accepted.stream().map(a -> String.valueOf(((Map<?, ?>) a).get("id"))).toList();
                await(() -> api.runtime().store().tip(chain).seq() == 3, "promotion of 3 events");
                List<AuditRecord> stored = api.runtime().store().readRange(chain, 1, 3);
                assertThat(stored).extracting(AuditRecord::id).containsExactlyElementsOf(ids);
                assertThat(stored).extracting(AuditRecord::action).containsExactly("one", "two", "three");
                api.assertChainsVerify();

                // a promoter that appended and crashed before acknowledging: the next one must not append again
                ChainId crash = ChainId.of("billing", "crash");
                HotTier hot = api.runtime().hotTier().orElseThrow();
                assertThat(hot.tryLease(crash, "crashed-promoter", 2_000)).isTrue();   // keeps the service's promoter off
                Resp more = api.post("/v1/audit/events", ADMIN, batch(event("billing", "crash", "four"), event("billing", "crash", "five")));
                assertThat(more.status()).isEqualTo(202);
                List<IngestEntry> handedOut = hot.pendingIngest(crash, 10);
                assertThat(handedOut).hasSize(2);
                api.runtime().appender().appendAsync(handedOut.stream().map(e -> dev.custody.domain.chain.EventJson.read(e.eventJson())).toList(),
                        handedOut.stream().map(IngestEntry::recordId).toList()).join();
                assertThat(api.runtime().store().tip(crash).seq()).isEqualTo(2);

                IngestPromoter next = new IngestPromoter(hot, api.runtime().store(), api.runtime().appender());
                assertThat(next.promoteOnce(crash)).isTrue();
                assertThat(next.skippedAsPresent()).isEqualTo(2);
                assertThat(next.promoted()).isZero();
                assertThat(api.runtime().store().tip(crash).seq()).as("nothing appended twice").isEqualTo(2);
                assertThat(hot.pendingIngest(crash, 10)).isEmpty();

                // the lease lapses; the service's promoter carries on with new events
                Thread.sleep(2_100);
                assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "crash", "six")).status()).isEqualTo(202);
                await(() -> api.runtime().store().tip(crash).seq() == 3, "promotion after the lease lapsed");
                api.assertChainsVerify();
                assertThat(api.runtime().store().readRange(crash, 1, 3)).extracting(AuditRecord::action)
                        .containsExactly("four", "five", "six");
            }
        }
    }

    @Test
    void soc2_writesTheSystemOfRecordFirst_never202() {
        try (TestServer api = TestServer.start(home, props("soc2"))) {
            Resp r = api.post("/v1/audit/events", ADMIN, event("billing", "sync", "x"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(api.runtime().asyncIngest()).isFalse();
        }
    }

    @Test
    void redisDown_fallbackServes_healthSaysDegraded_noWriteFails_andItRecovers() throws Exception {
        try (TestServer api = TestServer.start(home, props("soc2"))) {
            ChainId chain = ChainId.of("billing", "fault");
            Instant from = Instant.now().minusSeconds(1);
            assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "fault", "a"), event("billing", "fault", "b")))
                    .status()).isEqualTo(201);
            HotTierServiceTest.awaitHot(api, chain, 2);
            assertThat(hotHealth(api).get("status")).isEqualTo("ok");

            proxy.cut();
            for (int i = 0; i < 5; i++) {
                Resp r = api.post("/v1/audit/events", ADMIN, event("billing", "fault", "during-" + i), "Idempotency-Key", "down-" + i);
                assertThat(r.status()).as("write %d while Redis is down: %s", i, r.body()).isEqualTo(201);
            }
            Resp replay = api.post("/v1/audit/events", ADMIN, event("billing", "fault", "during-0"), "Idempotency-Key", "down-0");
            assertThat(replay.header("Idempotency-Replayed")).isEqualTo("true");
            Resp health = api.get("/health", ADMIN);
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(((Map<?, ?>) Json.parse(health.body())).get("status")).isEqualTo("UP");
            Map<?, ?> hot = hotHealth(api);
            assertThat(hot.get("status")).isEqualTo("hot_tier_degraded");
            assertThat((String) hot.get("reason")).isNotBlank();
            String window = "/v1/audit/events?namespace=billing&tenant=fault&from=" + from;
            assertThat(api.get(window, ADMIN).body()).isEqualTo(api.get(window + "&tier=primary", ADMIN).body());
            Resp stats = api.get("/v1/audit/stats?namespace=billing&tenant=fault", ADMIN);
            assertThat(stats.status()).as(stats.body()).isEqualTo(200);

            proxy.restore();
            await(() -> "ok".equals(hotHealth(api).get("status")), "recovery after Redis came back");
            assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "fault", "after")).status()).isEqualTo(201);
            HotTierServiceTest.awaitHot(api, chain, 8);
            assertThat(redis.recentLength("billing", "fault")).as("Redis holds the chain again from after the gap").isEqualTo(1);
            Resp auto = api.get(window, ADMIN);
            assertThat(auto.header("Custody-Tier")).as("the gap is not covered: the system of record answers").isEqualTo("primary");
            assertThat(auto.body()).isEqualTo(api.get(window + "&tier=primary", ADMIN).body());
            Verification v = api.runtime().verifier().verify(api.runtime().store(), chain);
            assertThat(v.valid()).isTrue();
            assertThat(v.recordsChecked()).isEqualTo(8);
        }
    }

    @Test
    void modeNone_withRedisDown_writesSynchronouslyInstead() throws Exception {
        try (TestServer api = TestServer.start(home, props("none"))) {
            proxy.cut();
            Resp r = api.post("/v1/audit/events", ADMIN, event("billing", "nodown", "x"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(api.runtime().store().tip(ChainId.of("billing", "nodown")).seq()).isEqualTo(1);
            proxy.restore();
            await(() -> "ok".equals(hotHealth(api).get("status")), "recovery");
            Resp later = api.post("/v1/audit/events", ADMIN, event("billing", "nodown", "y"));
            assertThat(later.status()).as(later.body()).isEqualTo(202);
            await(() -> api.runtime().store().tip(ChainId.of("billing", "nodown")).seq() == 2, "promotion after recovery");
        }
    }

    private static Map<?, ?> hotHealth(TestServer api) {
        Map<?, ?> h = (Map<?, ?>) Json.parse(api.get("/health", ADMIN).body());
        return (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) h.get("details")).get("hotTier")).get("details");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
