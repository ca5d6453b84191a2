package dev.custody.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.hot.HotCoverage;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.IngestEntry;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.tck.MutableClock;
import dev.custody.tck.hot.HotRecords;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the hot tier holds per chain stays bounded however many chains there are (issue "Many tenants", point 5):
 * the promoter's list of buffered chains comes a page at a time, and the in-process fallback used while Redis is
 * unreachable holds at most {@code fallback-bytes}.
 */
class RedisManyChainsTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    private final TestRedis redis = new TestRedis();

    @AfterEach
    void dropKeys() {
        redis.close();
    }

    @Test
    void ingestChains_isAPageOfTheBufferedChains_andSuccessiveCallsGoRoundThemAll() {
        int chains = 2_500;
        Set<ChainId> buffered = new HashSet<>();
        try (HotTier hot = redis.open(clock, Map.of())) {
            for (int k = 0; k < chains; k++) {
                ChainId chain = ChainId.of("many", "t" + k);
                hot.enqueue(chain, List.of(IngestEntry.of("id-" + k, "{}")));
                buffered.add(chain);
            }
            Set<ChainId> seen = new HashSet<>();
            int calls = 0;
            while (!seen.containsAll(buffered) && calls < 20) {
                Set<ChainId> page = hot.ingestChains();
                calls++;
                assertThat(page).as("one call lists about a page, never the whole set")
                        .hasSizeLessThanOrEqualTo(RedisIngest.CHAINS_PAGE + RedisIngest.CHAINS_PAGE / 2);
                seen.addAll(page);
            }
            assertThat(seen).as("successive calls went round every buffered chain").isEqualTo(buffered);
            assertThat(calls).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void fallback_holdsAtMostFallbackBytes_leastRecentlyUsedChainsGoFirst() throws Exception {
        long bound = 1 << 20;
        try (HotTier down = degraded(Map.of("fallback-bytes", Long.toString(bound)))) {
            LocalHotState fallback = ((RedisHotTier) down).fallback();
            ChainId first = ChainId.of("many", "t0");
            ChainId last = null;
            for (int k = 0; k < 400; k++) {
                last = ChainId.of("many", "t" + k);
                down.recordStored(last, new HotRecords(last, clock).next(20, "x")).toCompletableFuture().join();
                assertThat(fallback.bytes()).isLessThanOrEqualTo(bound);
            }
            assertThat(fallback.chainCount()).as("400 chains of 20 records would be ~12 MB").isLessThan(400);
            assertThat(down.coverage(first)).as("the least recently used chain went first").isEqualTo(HotCoverage.NONE);
            assertThat(down.coverage(last)).isEqualTo(new HotCoverage(Instant.EPOCH, 20));
            assertThat(down.recent(last, null, null, 0, 100)).hasSize(20);
        }
    }

    @Test
    void fallback_aChainHeavierThanTheBound_keepsItsNewestRecords_coveredFromTheFirstKept() throws Exception {
        long bound = 256 << 10;
        try (HotTier down = degraded(Map.of("fallback-bytes", Long.toString(bound)))) {
            LocalHotState fallback = ((RedisHotTier) down).fallback();
            ChainId chain = ChainId.of("many", "heavy");
            HotRecords records = new HotRecords(chain, clock);
            for (int i = 0; i < 20; i++) {
                down.recordStored(chain, records.next(50, "x")).toCompletableFuture().join();
                clock.advance(Duration.ofMillis(10));
            }
            assertThat(fallback.bytes()).isLessThanOrEqualTo(bound);
            List<AuditRecord> held = down.recent(chain, null, null, 0, 1000);
            assertThat(held).as("the newest, contiguous, up to the last").isNotEmpty().hasSizeLessThan(1000);
            assertThat(held.get(held.size() - 1).seq()).isEqualTo(1000);
            assertThat(held.get(held.size() - 1).seq() - held.get(0).seq() + 1).isEqualTo(held.size());
            HotCoverage c = down.coverage(chain);
            assertThat(c.lastSeq()).isEqualTo(1000);
            assertThat(c.from()).as("complete only from after the last dropped record").isAfter(Instant.EPOCH)
                    .isBeforeOrEqualTo(held.get(0).recordedAt());
            assertThat(down.counts(chain, dev.custody.ports.hot.CountDimension.ACTION, 60).counts())
                    .as("counters are kept whole").isEqualTo(Map.of("x", 1000L));
        }
    }

    @Test
    void fallback_releasesWhatTheRetentionDrops() throws Exception {
        try (HotTier down = degraded(Map.of("retention", "60s"))) {
            LocalHotState fallback = ((RedisHotTier) down).fallback();
            ChainId chain = ChainId.of("many", "t0");
            HotRecords records = new HotRecords(chain, clock);
            down.recordStored(chain, records.next(100, "x")).toCompletableFuture().join();
            long full = fallback.bytes();
            assertThat(full).isGreaterThan(100 * 832L);
            clock.advance(Duration.ofMinutes(5));
            down.recordStored(chain, records.next(1, "x")).toCompletableFuture().join();
            assertThat(fallback.bytes()).as("one record and one bucket left").isLessThan(full / 20);
            ((RedisHotTier) down).fallback().clearRecords();
            assertThat(fallback.bytes()).isZero();
        }
    }

    /** A tier whose Redis does not answer: everything goes to the fallback. */
    private HotTier degraded(Map<String, String> extra) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();       // closed again: nothing listens there
        }
        Map<String, String> props = new java.util.HashMap<>(Map.of("uri", "redis://127.0.0.1:" + port,
                "key-prefix", redis.prefix, "command-timeout", "200ms"));
        props.putAll(extra);
        HotTier down = new RedisHotTierProvider().create(ProviderConfig.of("custody.storage.hot.", props),
                new ProviderContext(Path.of("."), clock));
        assertThat(down.status().degraded()).isTrue();
        return down;
    }
}
