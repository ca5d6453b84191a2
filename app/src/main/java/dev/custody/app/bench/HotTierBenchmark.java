package dev.custody.app.bench;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.spi.HotTierProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code bin/bench hot-read}: fills one chain of the {@code redis} hot tier with an hour of records, then reads
 * the current minute of it, alternately through the hot tier ({@link HotTier#recent}: XRANGE plus building the
 * records) and with a raw Lettuce XRANGE of the same entries, and prints p50/p95/p99 of both. Works under a key
 * prefix of its own and deletes those keys at the end.
 */
public final class HotTierBenchmark {

    private final PrintStream out;

    HotTierBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String uri = "redis://127.0.0.1:6379";
        int perMinute = 300;
        int reads = 5_000;
        int warmupSeconds = 15;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--uri" -> uri = args[++i];
                case "--events-per-minute" -> perMinute = Integer.parseInt(args[++i]);
                case "--reads" -> reads = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; hot-read takes --uri redis://host:port, --events-per-minute N, --reads N, --warmup-seconds N");
            }
        }
        new HotTierBenchmark(System.out).run(uri, perMinute, reads, warmupSeconds);
    }

    void run(String uri, int perMinute, int reads, int warmupSeconds) {
        String prefix = "bench-" + System.currentTimeMillis() + ":";
        ChainId chain = ChainId.of("bench", "hot");
        Instant now = Instant.now();
        SteppedClock clock = new SteppedClock(now.minus(Duration.ofMinutes(59)));
        HotTierProvider provider = ProviderRegistry.load(HotTierProvider.class, getClass().getClassLoader(), "hot tier").get("redis");
        RedisClient raw = RedisClient.create(uri);
        try (HotTier hot = provider.create(ProviderConfig.of("bench.", Map.of("uri", uri, "key-prefix", prefix)),
                new ProviderContext(Path.of("."), Clock.systemUTC()));
             StatefulRedisConnection<String, String> conn = raw.connect()) {
            if (hot.status().degraded()) {
                throw new IllegalStateException("Redis at " + uri + " does not answer: " + hot.status().reason());
            }
            long loaded = load(hot, chain, clock, now, perMinute);
            Instant minuteAgo = now.minus(Duration.ofMinutes(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            String key = prefix + "recent:{bench/hot}";
            RedisCommands<String, String> c = conn.sync();
            Range<String> range = Range.create(Long.toString(minuteAgo.toEpochMilli()), "+");
            int expected = hot.recent(chain, minuteAgo, null, 0, 10_000).size();
            int rawCount = c.xrange(key, range, Limit.from(10_000)).size();
            if (expected != rawCount) {
                throw new IllegalStateException("the hot tier read " + expected + " records, raw XRANGE " + rawCount);
            }
            Histogram viaHot = new Histogram(3_600_000_000L, 3);
            Histogram viaRaw = new Histogram(3_600_000_000L, 3);
            // Warm-up as JMH would: until the JIT has compiled both read paths (on 2 cores C2 needs seconds; with
            // only 500 warm-up reads, the first recorded thousands still ran interpreted or C1 code and made the p95)
            long warmEnd = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
            int warmups = 0;
            for (int recorded = 0; recorded < reads; ) {
                boolean warmingUp = System.nanoTime() < warmEnd;
                long t0 = System.nanoTime();
                List<AuditRecord> got = hot.recent(chain, minuteAgo, null, 0, 10_000);
                long t1 = System.nanoTime();
                List<StreamMessage<String, String>> rawGot = c.xrange(key, range, Limit.from(10_000));
                long t2 = System.nanoTime();
                if (got.size() != expected || rawGot.size() != expected) {
                    throw new IllegalStateException("a read returned a different number of records");
                }
                if (warmingUp) {
                    warmups++;
                } else {
                    viaHot.recordValue(t1 - t0);
                    viaRaw.recordValue(t2 - t1);
                    recorded++;
                }
            }
            out.printf("hot-read: %,d records loaded over the last hour (%d per minute); the current minute holds %d records;"
                    + " %,d warm-up rounds (%d s)%n", loaded, perMinute, expected, warmups, warmupSeconds);
            print("hot tier (HotTier.recent)", viaHot);
            print("raw Lettuce XRANGE", viaRaw);
            out.printf("ratio hot/raw: p50 %.2f, p95 %.2f; target p95 < 2 ms: %s%n",
                    viaHot.getValueAtPercentile(50) / (double) viaRaw.getValueAtPercentile(50),
                    viaHot.getValueAtPercentile(95) / (double) viaRaw.getValueAtPercentile(95),
                    viaHot.getValueAtPercentile(95) < 2_000_000 ? "met" : "NOT met");
        } finally {
            cleanUp(raw, prefix);
            raw.shutdown();
        }
    }

    private long load(HotTier hot, ChainId chain, SteppedClock clock, Instant now, int perMinute) {
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, clock);
        ChainTip tip = ChainTip.GENESIS;
        long total = 60L * perMinute;
        Duration step = Duration.ofNanos(Duration.ofMinutes(60).toNanos() / total);
        List<AuditRecord> pending = new ArrayList<>();
        for (long i = 0; i < total; i++) {
            clock.set(now.minus(Duration.ofMinutes(60)).plus(step.multipliedBy(i + 1)));
            AuditEvent e = AuditEvent.builder(chain).kind("decision").action("loan.approve").actor("service", "scorer-" + (i % 7))
                    .resource("application", "app-" + i).outcome(i % 5 == 0 ? "denied" : "approved")
                    .payload(BenchEvents.payload(i)).build();
            List<AuditRecord> one = encoder.encodeEvents(tip, List.of(e));
            tip = ChainTip.of(one.get(0));
            pending.addAll(one);
            if (pending.size() == 100) {
                hot.recordStored(chain, pending).toCompletableFuture().join();
                pending = new ArrayList<>();
            }
        }
        if (!pending.isEmpty()) {
            hot.recordStored(chain, pending).toCompletableFuture().join();
        }
        return total;
    }

    private void print(String what, Histogram h) {
        out.printf("  %-28s p50 %7.3f ms  p95 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (%d reads)%n", what,
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(95) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6, h.getTotalCount());
    }

    private static void cleanUp(RedisClient client, String prefix) {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    c.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
    }

    /** A clock the loader sets, so records spread over the hour. */
    private static final class SteppedClock extends Clock {
        private volatile Instant now;

        SteppedClock(Instant start) {
            now = start;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
