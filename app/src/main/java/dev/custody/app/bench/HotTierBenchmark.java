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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code bin/bench hot-read}: fills one chain of the {@code redis} hot tier with an hour of records, then reads
 * the current minute (the last 60 s, moving with the clock) while another replica keeps appending at the same rate,
 * as a live chain's readers see it. Each round reads the same window four ways, one after the other: through a
 * replica's hot tier with its read cache ({@link HotTier#recent}: only the new entries come from Redis), through one
 * without the cache (the whole window from Redis, as before ADR 0112), with a raw Lettuce XRANGE of the whole
 * window (the limit of an uncached read), and with a raw Lettuce XRANGE of only the entries after the last one it
 * read (the limit of an incremental read). Prints p50/p95/p99 of each and the ratios. Works under a key prefix of
 * its own and deletes those keys at the end.
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

    void run(String uri, int perMinute, int reads, int warmupSeconds) throws InterruptedException {
        String prefix = "bench-" + System.currentTimeMillis() + ":";
        ChainId chain = ChainId.of("bench", "hot");
        Instant now = Instant.now();
        SteppedClock clock = new SteppedClock(now.minus(Duration.ofMinutes(59)));
        HotTierProvider provider = ProviderRegistry.load(HotTierProvider.class, getClass().getClassLoader(), "hot tier").get("redis");
        RedisClient raw = RedisClient.create(uri);
        ProviderContext context = new ProviderContext(Path.of("."), Clock.systemUTC());
        Map<String, String> props = Map.of("uri", uri, "key-prefix", prefix);
        Map<String, String> uncachedProps = Map.of("uri", uri, "key-prefix", prefix, "read-cache-bytes", "0");
        try (HotTier writer = provider.create(ProviderConfig.of("bench.", props), context);
             HotTier cached = provider.create(ProviderConfig.of("bench.", props), context);
             HotTier uncached = provider.create(ProviderConfig.of("bench.", uncachedProps), context);
             StatefulRedisConnection<String, String> conn = raw.connect()) {
            if (writer.status().degraded()) {
                throw new IllegalStateException("Redis at " + uri + " does not answer: " + writer.status().reason());
            }
            Appender appender = new Appender(writer, chain, clock, perMinute);
            long loaded = appender.load(now);
            String key = prefix + "recent:{bench/hot}";
            RedisCommands<String, String> c = conn.sync();
            Histogram viaCache = new Histogram(3_600_000_000L, 3);
            Histogram viaHot = new Histogram(3_600_000_000L, 3);
            Histogram viaRaw = new Histogram(3_600_000_000L, 3);
            Histogram viaRawNew = new Histogram(3_600_000_000L, 3);
            Thread appending = new Thread(appender, "bench-appender");
            appending.setDaemon(true);
            appending.start();
            // Warm-up as JMH would: until the JIT has compiled every read path (on 2 cores C2 needs seconds)
            long warmEnd = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
            int warmups = 0;
            long appendedBefore = 0;
            int window = 0;
            String lastRawId = null;
            for (int recorded = 0; recorded < reads; ) {
                boolean warmingUp = System.nanoTime() < warmEnd;
                Instant from = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
                Range<String> range = Range.create(Long.toString(from.toEpochMilli()), "+");
                long stored = appender.storedSeq();
                long t0 = System.nanoTime();
                List<AuditRecord> got = cached.recent(chain, from, null, 0, 10_000);
                long t1 = System.nanoTime();
                List<AuditRecord> whole = uncached.recent(chain, from, null, 0, 10_000);
                long t2 = System.nanoTime();
                List<StreamMessage<String, String>> rawGot = c.xrange(key, range, Limit.from(10_000));
                long t3 = System.nanoTime();
                List<StreamMessage<String, String>> rawNew = c.xrange(key,
                        lastRawId == null ? range : Range.from(Range.Boundary.excluding(lastRawId), Range.Boundary.unbounded()), Limit.from(10_000));
                long t4 = System.nanoTime();
                check(got, whole, stored, recorded % 100 == 0);
                if (rawGot.size() < got.size()) {
                    throw new IllegalStateException("raw XRANGE read " + rawGot.size() + " entries after the hot tier read " + got.size());
                }
                if (!rawNew.isEmpty()) {
                    lastRawId = rawNew.get(rawNew.size() - 1).getId();
                }
                if (warmingUp) {
                    warmups++;
                    appendedBefore = appender.appended();
                } else {
                    viaCache.recordValue(t1 - t0);
                    viaHot.recordValue(t2 - t1);
                    viaRaw.recordValue(t3 - t2);
                    viaRawNew.recordValue(t4 - t3);
                    window = got.size();
                    recorded++;
                }
            }
            long appendedDuring = appender.appended() - appendedBefore;
            appender.stop();
            appending.join();
            out.printf("hot-read: %,d records loaded over the last hour (%d per minute), then %d per minute appended by another"
                    + " replica while reading; the current minute holds %d records; %,d warm-up rounds (%d s);"
                    + " %,d records appended during the %,d measured rounds (%.2f new entries a read)%n", loaded, perMinute,
                    perMinute, window, warmups, warmupSeconds, appendedDuring, reads, appendedDuring / (double) reads);
            print("hot tier, read cache", viaCache);
            print("hot tier, no read cache", viaHot);
            print("raw XRANGE, whole window", viaRaw);
            print("raw XRANGE, new entries", viaRawNew);
            out.printf("ratio read cache / raw whole window: p50 %.2f, p95 %.2f, p99 %.2f%n", ratio(viaCache, viaRaw, 50),
                    ratio(viaCache, viaRaw, 95), ratio(viaCache, viaRaw, 99));
            out.printf("ratio read cache / raw new entries:  p50 %.2f, p95 %.2f, p99 %.2f%n", ratio(viaCache, viaRawNew, 50),
                    ratio(viaCache, viaRawNew, 95), ratio(viaCache, viaRawNew, 99));
            out.printf("ratio no read cache / raw whole window: p50 %.2f, p95 %.2f%n", ratio(viaHot, viaRaw, 50), ratio(viaHot, viaRaw, 95));
            out.printf("target p95 < 2 ms: read cache %s, no read cache %s%n",
                    viaCache.getValueAtPercentile(95) < 2_000_000 ? "met" : "NOT met",
                    viaHot.getValueAtPercentile(95) < 2_000_000 ? "met" : "NOT met");
        } finally {
            cleanUp(raw, prefix);
            raw.shutdown();
        }
    }

    /**
     * A cached read must start where the uncached one starts, hold contiguous seqs, hold every record stored before
     * it began, and (checked every hundredth round) equal the uncached read as far as it goes.
     */
    private static void check(List<AuditRecord> got, List<AuditRecord> whole, long storedBefore, boolean full) {
        if (got.isEmpty() || whole.size() < got.size() || got.get(0).seq() != whole.get(0).seq()) {
            throw new IllegalStateException("the cached read (" + got.size() + " records) does not start as the uncached one ("
                    + whole.size() + ")");
        }
        long first = got.get(0).seq();
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i).seq() != first + i) {
                throw new IllegalStateException("the cached read skips from seq " + (first + i - 1) + " to " + got.get(i).seq());
            }
        }
        if (got.get(got.size() - 1).seq() < storedBefore) {
            throw new IllegalStateException("the cached read ends at seq " + got.get(got.size() - 1).seq()
                    + " although " + storedBefore + " was stored before it began");
        }
        if (full && !got.equals(whole.subList(0, got.size()))) {
            throw new IllegalStateException("the cached read differs from the uncached one");
        }
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return a.getValueAtPercentile(percentile) / (double) b.getValueAtPercentile(percentile);
    }

    /** Loads the hour, then appends at the rate given (one record at a time, as a chain's appender feeds it). */
    private static final class Appender implements Runnable {
        private final HotTier hot;
        private final ChainId chain;
        private final SteppedClock clock;
        private final RecordEncoder encoder;
        private final int perMinute;
        private final AtomicLong stored = new AtomicLong();
        private final AtomicLong appended = new AtomicLong();
        private volatile boolean running = true;
        private ChainTip tip = ChainTip.GENESIS;

        Appender(HotTier hot, ChainId chain, SteppedClock clock, int perMinute) {
            this.hot = hot;
            this.chain = chain;
            this.clock = clock;
            this.encoder = new RecordEncoder(EventLimits.DEFAULT, clock);
            this.perMinute = perMinute;
        }

        long load(Instant now) {
            long total = 60L * perMinute;
            Duration step = Duration.ofNanos(Duration.ofMinutes(60).toNanos() / total);
            List<AuditRecord> pending = new ArrayList<>();
            for (long i = 0; i < total; i++) {
                clock.set(now.minus(Duration.ofMinutes(60)).plus(step.multipliedBy(i + 1)));
                pending.add(next());
                if (pending.size() == 100) {
                    hot.recordStored(chain, pending).toCompletableFuture().join();
                    pending = new ArrayList<>();
                }
            }
            if (!pending.isEmpty()) {
                hot.recordStored(chain, pending).toCompletableFuture().join();
            }
            stored.set(tip.seq());
            return total;
        }

        private AuditRecord next() {
            long i = tip.seq();
            AuditEvent e = AuditEvent.builder(chain).kind("decision").action("loan.approve").actor("service", "scorer-" + (i % 7))
                    .resource("application", "app-" + i).outcome(i % 5 == 0 ? "denied" : "approved")
                    .payload(BenchEvents.payload(i)).build();
            AuditRecord r = encoder.encodeEvents(tip, List.of(e)).get(0);
            tip = ChainTip.of(r);
            return r;
        }

        @Override
        public void run() {
            long every = Duration.ofMinutes(1).toNanos() / perMinute;
            // first the records loading left out (it took seconds), at the same spacing, so the minute has no hole
            List<AuditRecord> missed = new ArrayList<>();
            for (Instant t = clock.instant().plusNanos(every); t.isBefore(Instant.now()); t = t.plusNanos(every)) {
                clock.set(t);
                missed.add(next());
            }
            if (!missed.isEmpty()) {
                hot.recordStored(chain, missed).toCompletableFuture().join();
                stored.set(tip.seq());
            }
            long due = System.nanoTime();
            while (running) {
                clock.set(Instant.now());
                AuditRecord r = next();
                hot.recordStored(chain, List.of(r)).toCompletableFuture().join();
                stored.set(r.seq());
                appended.incrementAndGet();
                due += every;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }

        long storedSeq() {
            return stored.get();
        }

        long appended() {
            return appended.get();
        }

        void stop() {
            running = false;
        }
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
