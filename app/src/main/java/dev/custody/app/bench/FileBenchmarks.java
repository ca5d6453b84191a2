package dev.custody.app.bench;

import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The file backend beside its limits: concurrent sync appends vs a raw serialise + hash + write +
 * fdatasync loop, and full-chain verification vs a raw parse + hash loop. Each measures the limit in
 * the same run and prints the ratio.
 */
public final class FileBenchmarks {

    /** Events written before measuring; the append path needs about this many to be fully compiled. */
    static final int WARMUP_EVENTS = 500_000;

    private final Path dir;
    private final PrintStream out;

    FileBenchmarks(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    /** {@code file-append [writers] [events] [inFlight]} or {@code file-verify [records]}, data under {@code --dir}. */
    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        Path dir = Path.of("target", "bench-data");
        int d = a.indexOf("--dir");
        if (d >= 0) {
            dir = Path.of(a.get(d + 1));
            a.subList(d, d + 2).clear();
        }
        FileBenchmarks bench = new FileBenchmarks(dir, System.out);
        String what = a.isEmpty() ? "all" : a.get(0);
        if (what.equals("file-append") || what.equals("all")) {
            bench.append(arg(a, 1, 64), arg(a, 2, 1_000_000), arg(a, 3, 1));
        }
        if (what.equals("file-verify") || what.equals("all")) {
            bench.verify(arg(a, 1, 1_000_000));
        }
    }

    private static int arg(List<String> a, int i, int dflt) {
        return a.size() > i && !a.get(0).equals("all") ? Integer.parseInt(a.get(i)) : dflt;
    }

    private AuditStore openStore(Path storeDir) {
        ProviderRegistry<AuditStoreProvider> registry =
                ProviderRegistry.load(AuditStoreProvider.class, FileBenchmarks.class.getClassLoader(), "audit store backend");
        return registry.get("file").create(ProviderConfig.of("bench.", Map.of("dir", storeDir.toString())),
                ProviderContext.of(storeDir));
    }

    void append(int writers, int events, int inFlight) throws Exception {
        Path storeDir = fresh("append");
        ChainId chain = ChainId.of("bench", "append");
        double custody;
        long[] latencies;
        BatchStats stats = new BatchStats();
        long wall;
        try (AuditStore store = openStore(storeDir);
                ChainAppender appender = new ChainAppender(store, Clock.systemUTC(), AppendOptions.DEFAULT, stats)) {
            // warm-up in the same configuration, so the JIT has compiled the append path before measuring
            BenchWriters.run(appender, writers, WARMUP_EVENTS, inFlight, w -> chain);
            stats.reset();
            long start = System.nanoTime();
            latencies = BenchWriters.run(appender, writers, events, inFlight, w -> chain);
            wall = System.nanoTime() - start;
            custody = events / (wall / 1e9);
        }
        long storedBytes = directoryBytes(storeDir);
        RawLimits.groupCommitLoop(storeDir.resolve("raw"), WARMUP_EVENTS, 1000);   // warm-up, as for Custody
        double[] rawResult = RawLimits.groupCommitLoop(storeDir.resolve("raw"), events, 1000);
        double raw = rawResult[0];
        int reachable = (int) Math.min(1000, (long) writers * inFlight);
        double rawSameBatch = reachable == 1000 ? raw
                : RawLimits.groupCommitLoop(storeDir.resolve("raw"), events, reachable)[0];
        Arrays.sort(latencies);
        out.printf("file append: %d writers on one chain, %d in flight each, %,d events: %,.0f events/s "
                        + "(p50 %.2f ms, p95 %.2f ms, p99 %.2f ms)%n", writers, inFlight, events, custody,
                pct(latencies, 50), pct(latencies, 95), pct(latencies, 99));
        out.printf("  %,d batches, %.0f events per batch on average, store busy %.0f%% of the time%n",
                stats.batches.sum(), stats.events.sum() / (double) Math.max(1, stats.batches.sum()),
                100.0 * stats.storeNanos.sum() / wall);
        out.printf("  %.0f bytes per stored record%n", storedBytes / (double) (events + WARMUP_EVENTS));
        out.printf("raw limit: serialise + SHA-256 + write + fdatasync per 1000 events, one thread, %.0f bytes "
                + "per event: %,.0f events/s%n", rawResult[1], raw);
        out.printf("ratio: %.2f (target >= 0.50)%n", custody / raw);
        if (reachable < 1000) {
            out.printf("at most %d events can be waiting, so batches cannot exceed %d: the raw loop at %d events per "
                    + "sync reaches %,.0f events/s, ratio %.2f%n", reachable, reachable, reachable, rawSameBatch,
                    custody / rawSameBatch);
        }
        deleteTree(storeDir);
    }

    void verify(int records) throws Exception {
        Path storeDir = fresh("verify");
        ChainId chain = ChainId.of("bench", "verify");
        try (AuditStore store = openStore(storeDir); ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            List<AuditEvent> batch = new ArrayList<>(1000);
            for (int i = 0; i < records; i++) {
                batch.add(BenchEvents.event(chain, i));
                if (batch.size() == 1000 || i + 1 == records) {
                    appender.append(batch);
                    batch.clear();
                }
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(storeDir.resolve("bench").resolve("verify"))) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        double raw = 0;
        double custody = 0;
        Verification v = null;
        for (int round = 0; round < 2; round++) {   // the second round is reported: JIT and page cache warm for both
            raw = RawLimits.parseAndHashLoop(files);
            try (AuditStore store = openStore(storeDir)) {
                long start = System.nanoTime();
                v = new ChainVerifier().verify(store, chain);
                custody = v.recordsChecked() / ((System.nanoTime() - start) / 1e9);
            }
        }
        if (!v.valid() || v.recordsChecked() != records) {
            throw new IllegalStateException("the benchmark chain did not verify: " + v);
        }
        out.printf("file verify: %,d records (%,d bytes, %.0f B/record): %,.0f records/s%n",
                records, bytes, bytes / (double) records, custody);
        out.printf("raw limit: Jackson parse + SHA-256 per line, one thread: %,.0f records/s%n", raw);
        out.printf("ratio: %.2f (target >= 0.70)%n", custody / raw);
        deleteTree(storeDir);
    }

    private Path fresh(String name) throws IOException {
        Path p = dir.resolve(name + "-" + System.currentTimeMillis());
        Files.createDirectories(p);
        return p;
    }

    /** Counts batches and the time spent inside the store. */
    private static final class BatchStats implements AppendListener {
        final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder events = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder storeNanos = new java.util.concurrent.atomic.LongAdder();

        @Override
        public void batchAppended(ChainId chain, int n, long nanos) {
            batches.increment();
            events.add(n);
            storeNanos.add(nanos);
        }

        void reset() {
            batches.reset();
            events.reset();
            storeNanos.reset();
        }
    }

    private static long directoryBytes(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            long total = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p / 100.0))] / 1e6;
    }
}
