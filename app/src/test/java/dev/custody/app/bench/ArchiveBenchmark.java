package dev.custody.app.bench;

import dev.custody.adapters.s3gcs.S3ArchiveStoreProvider;
import dev.custody.app.testing.S3TestServer;
import dev.custody.app.tiering.ZstdCompression;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.tiering.ArchivalPace;
import dev.custody.domain.tiering.ArchivalPolicy;
import dev.custody.domain.tiering.ArchivalReport;
import dev.custody.domain.tiering.Archiver;
import dev.custody.domain.tiering.TieredVerification;
import dev.custody.domain.tiering.LiveTraffic;
import dev.custody.domain.tiering.TieredVerifier;
import dev.custody.ports.AppendResult;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bin/bench archive-s3 [records]}: archives a chain of N records (default 1,000,000) from PostgreSQL to an
 * in-process s3proxy over HTTP, the whole path timed: stream from PostgreSQL, NDJSON, Merkle root, zstd, upload of
 * segment and manifest, read-back check (object hash, Merkle root, every record's hash and link), custody rows,
 * and removal of the archived rows from PostgreSQL. Target: at most 15 s for 1M records. With {@code --live N}
 * (appends a second, e.g. 200), four writers append one event at a time to chains of their own through the same store
 * for 20 s before the archive run (idle), all through it, and 20 s after it (idle again: the machine may be shared): the
 * p99 of those appends during the run against idle is the measure of whether archiving slows live traffic (target
 * ratio at most 1.2); the appends slower than idle p99 are attributed to the archive's calls that ran beside them.
 * The appends are the archiver's traffic signal, as in the service; {@code --busy-share S} and {@code --purge-batch N}
 * set its pace (ADR 0122). Without {@code --live} nothing else runs: the archive time against the 15 s target. It
 * reports the time spent in the store's and archive's calls (and the pace's waits), and this JVM's collections and
 * CPU per phase. Lives in the test tree because s3proxy is a test dependency; {@code bin/bench} runs it with the test
 * classpath.
 */
public final class ArchiveBenchmark {

    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        String url = option(a, "--url", System.getenv().getOrDefault("CUSTODY_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"));
        String user = option(a, "--user", "postgres");
        int live = Integer.parseInt(option(a, "--live", "0"));
        ArchivalPace.Settings d = ArchivalPace.Settings.DEFAULT;
        ArchivalPace.Settings paceSettings = new ArchivalPace.Settings(
                Double.parseDouble(option(a, "--busy-share", Double.toString(d.busyShare()))), d.quietAfter(), 0,
                Integer.parseInt(option(a, "--purge-batch", Integer.toString(d.purgeBatch()))));
        int records = a.size() > 1 ? Integer.parseInt(a.get(1).replace("_", "")) : 1_000_000;
        PrintStream out = System.out;
        PostgresBenchmarks pg = new PostgresBenchmarks(url, user, out);
        Path blobs = Files.createTempDirectory("custody-bench-s3");
        ChainId chain = ChainId.of("bench", "archive");
        try (AuditStore store = pg.openStore(4); S3TestServer s3 = new S3TestServer(blobs)) {
            Instant old = Instant.now().minus(Duration.ofDays(40)).atZone(ZoneOffset.UTC).withDayOfMonth(1).toInstant();
            fill(store, chain, records, old);
            out.printf("filled %,d records of ~%d bytes into PostgreSQL%n", records, store.readRange(chain, 1, 1).get(0).json().length());
            ArchiveStore archive = new S3ArchiveStoreProvider().create(
                    ProviderConfig.of("custody.archive.properties.", s3.archiveProperties("custody-bench")), ProviderContext.of(blobs));
            try (archive) {
                TimedCalls timed = new TimedCalls();
                AuditStore timedStore = timed.wrap(AuditStore.class, store, Map.of("purgeBefore", "purge"), Map.of("custodyLog",
                        r -> ((Optional<?>) r).map(log -> timed.wrap(CustodyLog.class, (CustodyLog) log, Map.of("append", "custody log"))))
                );
                ArchiveStore timedArchive = timed.wrap(ArchiveStore.class, archive, Map.of("put", "upload", "get", "download"));
                // the service's wiring: the appender's listener is the traffic signal archival paces itself by
                LiveTraffic signal = new LiveTraffic(AppendListener.NONE, System::nanoTime);
                Archiver archiver = new Archiver(timedStore, timedArchive, new ZstdCompression(),
                        new ArchivalPolicy(Duration.ofDays(30), 100_000, Duration.ZERO, false, "bench"), Clock.systemUTC(),
                        new ArchivalPace(paceSettings, signal, System::nanoTime, w -> {
                            long t0 = System.nanoTime();
                            Thread.sleep(w.toMillis(), (int) (w.toNanos() % 1_000_000));
                            timed.record("paced wait", t0, System.nanoTime());
                        }));
                LiveAppends traffic = live > 0 ? new LiveAppends(store, 4, live, signal) : null;
                LiveAppends.Phase idle = null;
                JvmUse idleUse = null;
                if (traffic != null) {
                    traffic.start();
                    Thread.sleep(10_000);   // warm-up: the appender and the JIT
                    traffic.reset();
                    JvmUse s = JvmUse.now();
                    Thread.sleep(20_000);
                    idle = traffic.measure();
                    idleUse = JvmUse.now().since(s);
                }
                if (traffic != null) {
                    traffic.keep();
                }
                JvmUse s = JvmUse.now();
                long start = System.nanoTime();
                ArchivalReport report = archiver.archive(chain);
                double seconds = (System.nanoTime() - start) / 1e9;
                JvmUse during = JvmUse.now().since(s);
                out.printf("pace: busy-share %.2f while appends arrive, purges of %,d rows%n", paceSettings.busyShare(),
                        paceSettings.purgeBatch());
                if (traffic != null) {
                    LiveAppends.Phase busy = traffic.measure();
                    List<long[]> all = traffic.kept();
                    Thread.sleep(20_000);   // idle again: the machine is shared, so the baseline is measured on both sides
                    LiveAppends.Phase after = traffic.measure();
                    traffic.close();
                    out.printf("live appends (%d/s, 4 writers, one event each): idle %,d appends p50 %.2f ms p99 %.2f ms max %.2f ms; "
                            + "during the archive run %,d appends p50 %.2f ms p99 %.2f ms max %.2f ms; p99 ratio %.2f "
                            + "(target <= 1.2); errors %d / %d%n", live, idle.appends(), idle.p50(), idle.p99(), idle.max(),
                            busy.appends(), busy.p50(), busy.p99(), busy.max(), busy.p99() / idle.p99(),
                            idle.errors(), busy.errors());
                    out.printf("  idle again after the run: %,d appends p50 %.2f ms p99 %.2f ms max %.2f ms; p99 during / mean of "
                            + "both idle phases: %.2f; errors %d%n", after.appends(), after.p50(), after.p99(), after.max(),
                            busy.p99() / ((idle.p99() + after.p99()) / 2), after.errors());
                    out.printf("  this JVM while idle:     %s%n", idleUse);
                    // which of the archive's calls to the store and the archive ran beside each append slower than idle p99
                    Map<String, Integer> beside = new java.util.TreeMap<>();
                    long slowNanos = (long) (idle.p99() * 1_000_000);
                    List<long[]> slow = all.stream().filter(x -> x[1] - x[0] > slowNanos).toList();
                    for (long[] sl : slow) {
                        java.util.Set<String> labels = timed.during(sl[0], sl[1]);
                        beside.merge(labels.isEmpty() ? "none (reading, compressing, checking)" : String.join("+", labels), 1,
                                Integer::sum);
                    }
                    out.printf("  appends slower than idle p99 during the run: %,d; beside: %s%n", slow.size(), beside);
                    // on a shared machine the load drifts: appends that started while the archiver waited for its pace
                    // and those that started while it worked share the same minutes, so they compare under the same load
                    List<long[]> resting = all.stream().filter(x -> timed.within("paced wait", x[0])).toList();
                    List<long[]> working = all.stream().filter(x -> !timed.within("paced wait", x[0])).toList();
                    if (!resting.isEmpty() && !working.isEmpty()) {
                        out.printf("  during the run, appends started while archival worked: %,d, p50 %.2f ms p99 %.2f ms; while it "
                                + "waited for its pace: %,d, p50 %.2f ms p99 %.2f ms; p99 ratio worked / waited %.2f%n",
                                working.size(), percentile(working, 50), percentile(working, 99), resting.size(),
                                percentile(resting, 50), percentile(resting, 99), percentile(working, 99) / percentile(resting, 99));
                    }
                }
                out.printf("  this JVM during the run: %s%n", during);
                // purges run on the archiving thread between segments, so the archive's own steps are the rest
                double purgeSeconds = timed.seconds("purge");
                double archiveSeconds = seconds - purgeSeconds;
                long bytes = archive.list("bench/").stream().mapToLong(ArchiveObject::size).sum();
                out.printf("archive-s3: %,d records in %d segments (%,d bytes compressed, incl. manifests), %,d rows removed "
                        + "from PostgreSQL: %.2f s in all (%,.0f records/s)%s%n", report.recordsArchived(),
                        report.segments().size(), bytes, report.warmRemoved(), seconds, report.recordsArchived() / seconds,
                        traffic == null ? ", no live traffic" : ", beside the live appends");
                out.printf("  archiving (read from PostgreSQL, NDJSON, Merkle root, zstd, manifest, upload, read-back check): "
                        + "%.2f s; target <= 15 s per 1M: %s%n", archiveSeconds,
                        archiveSeconds <= 15 * (records / 1_000_000.0) ? "met" : "MISSED");
                out.printf("  removing the archived rows from PostgreSQL afterwards (purge_chain_before): %.2f s (not in the target)%n",
                        purgeSeconds);
                out.printf("  time in calls (the read-ahead overlaps them while no appends arrive): %s%n", timed.summary());
                long vStart = System.nanoTime();
                TieredVerification v = new TieredVerifier(archive, new ZstdCompression()).verify(store, chain);
                out.printf("verify across tiers (all segments + warm tip): valid=%s, %,d records in %.2f s%n", v.valid(),
                        v.verification().recordsChecked(), (System.nanoTime() - vStart) / 1e9);
            }
        } finally {
            pg.dropSchema();
            try (var s = Files.walk(blobs)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The {@code p}th percentile of the appends' latencies, in milliseconds. */
    private static double percentile(List<long[]> appends, double p) {
        long[] nanos = appends.stream().mapToLong(x -> x[1] - x[0]).sorted().toArray();
        return nanos[(int) Math.min(nanos.length - 1, Math.ceil(p / 100 * nanos.length) - 1)] / 1e6;
    }

    /** What this JVM used over a phase: collections, their total pause time, and CPU time of the process. */
    private record JvmUse(long collections, long gcMillis, long cpuNanos, long wallNanos) {
        static JvmUse now() {
            long n = 0;
            long ms = 0;
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                n += Math.max(0, gc.getCollectionCount());
                ms += Math.max(0, gc.getCollectionTime());
            }
            long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            return new JvmUse(n, ms, cpu, System.nanoTime());
        }

        JvmUse since(JvmUse start) {
            return new JvmUse(collections - start.collections, gcMillis - start.gcMillis, cpuNanos - start.cpuNanos,
                    wallNanos - start.wallNanos);
        }

        @Override
        public String toString() {
            return String.format("%d collections, %,d ms in GC; process CPU %.1f s in %.1f s (%.2f cores)", collections, gcMillis,
                    cpuNanos / 1e9, wallNanos / 1e9, (double) cpuNanos / wallNanos);
        }
    }

    private static void fill(AuditStore store, ChainId chain, int n, Instant at) {
        RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.fixed(at, ZoneOffset.UTC));
        ChainTip tip = ChainTip.GENESIS;
        for (int done = 0; done < n; ) {
            int size = Math.min(2000, n - done);
            List<AuditEvent> events = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                events.add(BenchEvents.event(chain, done + i));
            }
            List<AuditRecord> batch = encoder.encodeEvents(tip, events);
            if (!(store.append(chain, tip, batch) instanceof AppendResult.Appended appended)) {
                throw new IllegalStateException("conflict while filling");
            }
            tip = appended.tip();
            done += size;
        }
    }

    private static String option(List<String> a, String name, String dflt) {
        int i = a.indexOf(name);
        if (i < 0) {
            return dflt;
        }
        String v = a.get(i + 1);
        a.subList(i, i + 2).clear();
        return v;
    }
}
