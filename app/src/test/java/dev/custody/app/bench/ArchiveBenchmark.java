package dev.custody.app.bench;

import dev.custody.adapters.s3gcs.S3ArchiveStoreProvider;
import dev.custody.app.testing.S3TestServer;
import dev.custody.app.tiering.ZstdCompression;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.tiering.ArchivalPolicy;
import dev.custody.domain.tiering.ArchivalReport;
import dev.custody.domain.tiering.Archiver;
import dev.custody.domain.tiering.TieredVerification;
import dev.custody.domain.tiering.TieredVerifier;
import dev.custody.ports.AppendResult;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
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

/**
 * {@code bin/bench archive-s3 [records]}: archives a chain of N records (default 1,000,000) from PostgreSQL to an
 * in-process s3proxy over HTTP, the whole path timed: stream from PostgreSQL, NDJSON, Merkle root, zstd, upload of
 * segment and manifest, read-back check (object hash, Merkle root, every record's hash and link), custody rows,
 * and removal of the archived rows from PostgreSQL. Target: at most 15 s for 1M records. With {@code --live N}
 * (appends a second, e.g. 200), four writers append one event at a time to chains of their own through the same store
 * for 20 s before the archive run (idle) and all through it: the p99 of those appends during the run against idle is
 * the measure of whether archiving slows live traffic (target ratio at most 1.2). Lives in the test tree because
 * s3proxy is a test dependency; {@code bin/bench} runs it with the test classpath.
 */
public final class ArchiveBenchmark {

    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        String url = option(a, "--url", System.getenv().getOrDefault("CUSTODY_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"));
        String user = option(a, "--user", "postgres");
        int live = Integer.parseInt(option(a, "--live", "0"));
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
                long[] purgeNanos = {0};
                AuditStore timed = (AuditStore) java.lang.reflect.Proxy.newProxyInstance(AuditStore.class.getClassLoader(),
                        new Class<?>[] {AuditStore.class}, (proxy, method, margs) -> {
                            long t0 = System.nanoTime();
                            try {
                                return method.invoke(store, margs);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            } finally {
                                if (method.getName().equals("purgeBefore")) {
                                    purgeNanos[0] += System.nanoTime() - t0;
                                }
                            }
                        });
                Archiver archiver = new Archiver(timed, archive, new ZstdCompression(),
                        new ArchivalPolicy(Duration.ofDays(30), 100_000, Duration.ZERO, false, "bench"), Clock.systemUTC());
                LiveAppends traffic = live > 0 ? new LiveAppends(store, 4, live) : null;
                LiveAppends.Phase idle = null;
                if (traffic != null) {
                    traffic.start();
                    Thread.sleep(10_000);   // warm-up: the appender and the JIT
                    traffic.reset();
                    Thread.sleep(20_000);
                    idle = traffic.measure();
                }
                long start = System.nanoTime();
                ArchivalReport report = archiver.archive(chain);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (traffic != null) {
                    LiveAppends.Phase during = traffic.measure();
                    traffic.close();
                    out.printf("live appends (%d/s, 4 writers, one event each): idle %,d appends p50 %.2f ms p99 %.2f ms max %.2f ms; "
                            + "during the archive run %,d appends p50 %.2f ms p99 %.2f ms max %.2f ms; p99 ratio %.2f "
                            + "(target <= 1.2); errors %d / %d%n", live, idle.appends(), idle.p50(), idle.p99(), idle.max(),
                            during.appends(), during.p50(), during.p99(), during.max(), during.p99() / idle.p99(),
                            idle.errors(), during.errors());
                }
                // purges run on the archiving thread between segments, so the archive's own steps are the rest
                double purgeSeconds = purgeNanos[0] / 1e9;
                double archiveSeconds = seconds - purgeSeconds;
                long bytes = archive.list("bench/").stream().mapToLong(ArchiveObject::size).sum();
                out.printf("archive-s3: %,d records in %d segments (%,d bytes compressed, incl. manifests), %,d rows removed "
                        + "from PostgreSQL: %.2f s in all (%,.0f records/s)%n", report.recordsArchived(),
                        report.segments().size(), bytes, report.warmRemoved(), seconds, report.recordsArchived() / seconds);
                out.printf("  archiving (read from PostgreSQL, NDJSON, Merkle root, zstd, manifest, upload, read-back check): "
                        + "%.2f s; target <= 15 s per 1M: %s%n", archiveSeconds,
                        archiveSeconds <= 15 * (records / 1_000_000.0) ? "met" : "MISSED");
                out.printf("  removing the archived rows from PostgreSQL afterwards (purge_chain_before): %.2f s (not in the target)%n",
                        purgeSeconds);
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
