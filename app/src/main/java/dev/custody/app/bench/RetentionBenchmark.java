package dev.custody.app.bench;

import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.compliance.ComplianceMode;
import dev.custody.domain.retention.RetentionAge;
import dev.custody.domain.retention.RetentionAnchors;
import dev.custody.domain.retention.RetentionHolds;
import dev.custody.domain.retention.RetentionListener;
import dev.custody.domain.retention.RetentionPolicies;
import dev.custody.domain.retention.RetentionPolicy;
import dev.custody.domain.retention.RetentionResult;
import dev.custody.domain.retention.RetentionRunner;
import dev.custody.domain.retention.RetentionSettings;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code postgres-retention [rows] [chains] [writers]}: loads {@code rows} records by COPY spread over 60 days
 * (as {@link PostgresQueryBenchmark}), runs retention with a policy under which the oldest 30% have expired
 * (batches of 10,000), and measures the run's duration and the p99 of appends by {@code writers} concurrent
 * writers on other chains while it runs, beside the same writers' p99 when idle (target: within 2x). Then checks
 * that every loaded chain verifies from its oldest retained record.
 */
final class RetentionBenchmark {

    private static final Duration MEASURE_IDLE = Duration.ofSeconds(10);

    private final PostgresBenchmarks bench;

    RetentionBenchmark(PostgresBenchmarks bench) {
        this.bench = bench;
    }

    void run(int rows, int chains, int writers) throws Exception {
        Instant start = Instant.parse("2026-09-01T00:00:00Z");
        int perChain = rows / chains;
        try (AuditStore store = bench.openStore(16)) {
            long t0 = System.nanoTime();
            try (Connection c = bench.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT " + bench.schema + ".ensure_partitions(DATE '2026-09-01', 3)");
                for (int k = 0; k < chains; k++) {
                    new PostgresQueryBenchmark(bench).load(c, ChainId.of("bench", "load-" + k), perChain, start);
                }
                s.execute("ANALYZE " + bench.schema + ".audit_records");
            }
            bench.out.printf("retention load: %,d records in %d chains by COPY: %.0f s%n", (long) perChain * chains, chains,
                    (System.nanoTime() - t0) / 1e9);
            // records span [start, start + 60 days); now = start + 61 days; delete-after 43 days: cutoff = start + 18 days = 30%
            Instant now = start.plus(PostgresQueryBenchmark.SPAN).plus(Duration.ofDays(1));
            try (ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
                RetentionRunner runner = new RetentionRunner(store, appender, new RetentionSettings(new RetentionPolicies(List.of(
                        new RetentionPolicy("bench", "*", "*", null, RetentionAge.parse("P43D")))), Map.of(), null,
                        RetentionSettings.DEFAULT_BATCH_SIZE), ComplianceMode.SOC2.defaults(), null, null, List.of(), RetentionHolds.NONE,
                        RetentionListener.NONE, Clock.fixed(now, ZoneOffset.UTC));
                long[] idle = appendWhile(appender, writers, () -> sleep(MEASURE_IDLE));
                RetentionResult[] result = new RetentionResult[1];
                long[] busy = appendWhile(appender, writers, () -> result[0] = runner.run(false, new Ref("service", "bench")));
                RetentionResult r = result[0];
                bench.out.printf("retention run: %,d of %,d warm rows deleted (%.1f%%) in batches of %,d: %.1f s%n",
                        r.deletedIn(RetentionRunner.WARM), (long) perChain * chains,
                        100.0 * r.deletedIn(RetentionRunner.WARM) / (perChain * (double) chains), RetentionSettings.DEFAULT_BATCH_SIZE,
                        r.took().toMillis() / 1e3);
                double idleP99 = PostgresBenchmarks.pct(idle, 99);
                double busyP99 = PostgresBenchmarks.pct(busy, 99);
                bench.out.printf("concurrent appends, %d writers, one event per call: idle p50 %.2f ms p99 %.2f ms (%,d appends); "
                        + "during retention p50 %.2f ms p99 %.2f ms (%,d appends); p99 ratio %.2f (target <= 2)%n", writers,
                        PostgresBenchmarks.pct(idle, 50), idleP99, idle.length, PostgresBenchmarks.pct(busy, 50), busyP99,
                        busy.length, busyP99 / idleP99);
            }
            for (int k = 0; k < chains; k++) {
                Verification v = new ChainVerifier().verify(store, ChainId.of("bench", "load-" + k), new RetentionAnchors(store));
                if (!v.valid()) {
                    throw new IllegalStateException("chain load-" + k + " does not verify after retention: " + v.reason());
                }
            }
            bench.out.printf("after retention: all %d chains verify from their oldest retained record%n", chains);
        }
    }

    /** Runs {@code work} while {@code writers} threads append one event at a time; the sorted latencies (ns). */
    private static long[] appendWhile(ChainAppender appender, int writers, Runnable work) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perWriter = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long[] lat = new long[2_000_000];
            int[] n = new int[1];
            perWriter.add(lat);
            counts.add(n);
            ChainId chain = ChainId.of("bench", "live-" + w);
            Thread t = new Thread(() -> {
                long i = 0;
                while (!stop.get() && n[0] < lat.length) {
                    long s = System.nanoTime();
                    appender.append(BenchEvents.event(chain, i++));
                    lat[n[0]++] = System.nanoTime() - s;
                }
            }, "bench-writer-" + w);
            threads.add(t);
            t.start();
        }
        try {
            work.run();
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        int total = counts.stream().mapToInt(c -> c[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < writers; w++) {
            System.arraycopy(perWriter.get(w), 0, all, at, counts.get(w)[0]);
            at += counts.get(w)[0];
        }
        java.util.Arrays.sort(all);
        return all;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
