package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.READER;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.hot.WindowStats;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.hot.HotTier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service on {@code postgres} + {@code redis}, both real: recent windows answered by the hot tier equal the
 * system of record's answers, stats, idempotency keys shared by two replicas, compliance-mode writes.
 */
class HotTierServiceTest {

    @TempDir
    Path home;
    @TempDir
    Path home2;

    private PostgresTestDatabase db;
    private TestRedis redis;

    @BeforeEach
    void services() {
        redis = new TestRedis();
        db = PostgresTestDatabase.create("custody_hot");
    }

    @AfterEach
    void cleanUp() {
        db.close();
        redis.close();
    }

    Map<String, Object> props(String mode) {
        Map<String, Object> p = new HashMap<>();
        p.put("custody.compliance.mode", mode);
        p.put("custody.storage.primary.backend", "postgres");
        p.put("custody.storage.primary.properties.url", db.url);
        p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
        p.put("custody.storage.primary.properties.migrate", "true");
        p.put("custody.storage.hot.provider", "redis");
        p.put("custody.storage.hot.uri", redis.uri());
        p.put("custody.storage.hot.key-prefix", redis.prefix);
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("reader", READER, "reader", "billing/*")));
        return p;
    }

    @Test
    void recentWindows_fromTheHotTier_equalTheSystemOfRecordsAnswers() throws Exception {
        try (TestServer api = TestServer.start(home, props("soc2"))) {
            Instant before = Instant.now().minusSeconds(1);
            for (int i = 0; i < 7; i++) {
                Resp r = api.post("/v1/audit/events", ADMIN, batch(event("billing", "hot", "a" + (i % 3)),
                        event("billing", "hot", "b" + (i % 2)), event("billing", "hot", "a" + (i % 3))));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
            awaitHot(api, ChainId.of("billing", "hot"), 21);

            String window = "/v1/audit/events?namespace=billing&tenant=hot&from=" + before;
            Resp auto = api.get(window + "&limit=5", READER);
            Resp primary = api.get(window + "&limit=5&tier=primary", READER);
            Resp hot = api.get(window + "&limit=5&tier=hot", READER);
            assertThat(auto.header("Custody-Tier")).isEqualTo("hot");
            assertThat(primary.header("Custody-Tier")).isEqualTo("primary");
            assertThat(hot.body()).isEqualTo(primary.body()).isEqualTo(auto.body());
            assertThat((List<?>) ((Map<?, ?>) Json.parse(hot.body())).get("records")).hasSize(5);
            // the hot read is on the access chain like any other (soc2: durable before the answer)
            ChainId access = ChainId.of("custody.access", "hot");
            long last = api.runtime().store().tip(access).seq();
            Map<?, ?> read;
            try (var records = api.runtime().store().stream(access, last, last)) {
                read = (Map<?, ?>) Json.parse(records.findFirst().orElseThrow().json());
            }
            assertThat(read.get("action")).isEqualTo("audit.query");
            assertThat(((Map<?, ?>) read.get("payload")).get("records")).isEqualTo(5L);
            assertThat(((Map<?, ?>) ((Map<?, ?>) read.get("payload")).get("filters")).get("tier")).isEqualTo("hot");

            // every page through the cursor, and a filter, and the NDJSON stream
            String cursor = (String) ((Map<?, ?>) Json.parse(hot.body())).get("next_cursor");
            while (cursor != null) {
                Resp h = api.get(window + "&limit=5&tier=hot&cursor=" + cursor, READER);
                Resp p = api.get(window + "&limit=5&tier=primary&cursor=" + cursor, READER);
                assertThat(h.body()).isEqualTo(p.body());
                cursor = (String) ((Map<?, ?>) Json.parse(h.body())).get("next_cursor");
            }
            assertThat(api.get(window + "&action=a1&tier=hot", READER).body())
                    .isEqualTo(api.get(window + "&action=a1&tier=primary", READER).body());
            Resp ndHot = api.get(window + "&tier=hot", READER, "Accept", "application/x-ndjson");
            Resp ndPrimary = api.get(window, READER, "Accept", "application/x-ndjson");
            assertThat(ndHot.body().split("\n")).hasSize(21);
            assertThat(ndHot.body()).isEqualTo(ndPrimary.body());

            // no window start, or one older than what the hot tier holds: the system of record answers (or 400 for tier=hot)
            assertThat(api.get("/v1/audit/events?namespace=billing&tenant=hot", READER).header("Custody-Tier")).isEqualTo("primary");
            TestServer.assertProblem(api.get("/v1/audit/events?namespace=billing&tenant=hot&tier=hot&from=2020-01-01T00:00:00Z",
                    READER), 400, "INVALID_PARAMETER", "from");
            TestServer.assertProblem(api.get(window + "&tier=warm", READER), 400, "INVALID_PARAMETER", "tier");
        }
    }

    @Test
    void stats_countTheWindow_sameAsCountingTheSystemOfRecord() throws Exception {
        try (TestServer api = TestServer.start(home, props("soc2"))) {
            for (int i = 0; i < 4; i++) {
                assertThat(api.post("/v1/audit/events", ADMIN, batch(event("billing", "st", "approve"),
                        event("billing", "st", "deny"), event("billing", "st", "approve"))).status()).isEqualTo(201);
            }
            ChainId chain = ChainId.of("billing", "st");
            awaitHot(api, chain, 12);
            Resp r = api.get("/v1/audit/stats?namespace=billing&tenant=st&window=5m&group_by=action", READER);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            Map<?, ?> body = (Map<?, ?>) Json.parse(r.body());
            assertThat(body.get("source")).isEqualTo("hot");
            assertThat(body.get("total")).isEqualTo(12L);
            assertThat(body.get("counts")).isEqualTo(List.of(Map.of("value", "approve", "count", 8L),
                    Map.of("value", "deny", "count", 4L)));
            WindowStats fromStore = new WindowStats(api.runtime().store(), null, api.runtime().clock());
            assertThat(fromStore.counts(chain, CountDimension.ACTION, 300).counts().counts())
                    .isEqualTo(Map.of("approve", 8L, "deny", 4L));
            Map<?, ?> byActor = (Map<?, ?>) Json.parse(api.get("/v1/audit/stats?namespace=billing&tenant=st&group_by=actor",
                    READER).body());
            assertThat(byActor.get("counts")).isEqualTo(List.of(Map.of("value", "loan-engine", "count", 12L)));

            TestServer.assertProblem(api.get("/v1/audit/stats?namespace=billing&tenant=st&window=2h", READER),
                    400, "INVALID_PARAMETER", "window");
            TestServer.assertProblem(api.get("/v1/audit/stats?namespace=billing&tenant=st&window=soon", READER),
                    400, "INVALID_PARAMETER", "window");
            TestServer.assertProblem(api.get("/v1/audit/stats?namespace=billing&tenant=st&group_by=payload", READER),
                    400, "INVALID_PARAMETER", "group_by");
            TestServer.assertProblem(api.get("/v1/audit/stats?tenant=st", READER), 400, "INVALID_PARAMETER", "namespace");
            TestServer.assertProblem(api.get("/v1/audit/stats?namespace=other&tenant=st", READER), 403, "FORBIDDEN", "tenant");
        }
    }

    @Test
    void idempotencyKeys_areSharedByReplicas() throws Exception {
        try (TestServer a = TestServer.start(home, props("soc2")); TestServer b = TestServer.start(home2, props("soc2"))) {
            String body = event("billing", "idem", "pay");
            Resp first = a.post("/v1/audit/events", ADMIN, body, "Idempotency-Key", "k-1");
            Resp again = b.post("/v1/audit/events", ADMIN, body, "Idempotency-Key", "k-1");
            assertThat(first.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
            assertThat(again.body()).isEqualTo(first.body());
            TestServer.assertProblem(b.post("/v1/audit/events", ADMIN, event("billing", "idem", "other"), "Idempotency-Key", "k-1"),
                    422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key");
            assertThat(a.runtime().store().tip(ChainId.of("billing", "idem")).seq()).isEqualTo(1);
        }
    }

    /** Waits until the hot tier holds {@code seq} of {@code chain} (it is fed after the 201, without waiting). */
    static void awaitHot(TestServer api, ChainId chain, long seq) throws InterruptedException {
        HotTier hot = api.runtime().hotTier().orElseThrow();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (hot.coverage(chain).lastSeq() < seq) {
            assertThat(System.nanoTime()).as("the hot tier reached seq " + seq).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
