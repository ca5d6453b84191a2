package dev.custody.app.bench;

import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The postgres backend beside its limits, on a real PostgreSQL: concurrent sync appends vs a streamed COPY
 * of the same rows into a table of the same shape (same run), one writer's latency, and (in
 * {@link PostgresQueryBenchmark}) a window query and a full verification over millions of rows. Each run
 * works in a schema of its own ({@code bench_<millis>}) in the database of {@code --url}, dropped at the end.
 */
public final class PostgresBenchmarks {

    /** The chain of the single-writer benchmark. */
    private static final ChainId SINGLE = ChainId.of("bench", "chain-0");

    final String url;
    final String user;
    final String schema = "bench_" + System.currentTimeMillis();
    final PrintStream out;

    PostgresBenchmarks(String url, String user, PrintStream out) {
        this.url = url;
        this.user = user;
        this.out = out;
    }

    /**
     * {@code postgres-append [writers] [chains] [events] [inFlight]}, {@code postgres-single [events]} or
     * {@code postgres-query [rows] [chains]} or {@code postgres-retention [rows] [chains] [writers]}; {@code --url} (or env CUSTODY_BENCH_PG_URL) names the database,
     * {@code --user} the role (default postgres).
     */
    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        String url = option(a, "--url", System.getenv().getOrDefault("CUSTODY_BENCH_PG_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres"));
        String user = option(a, "--user", "postgres");
        PostgresBenchmarks bench = new PostgresBenchmarks(url, user, System.out);
        String what = a.isEmpty() ? "postgres-append" : a.get(0);
        try {
            switch (what) {
                case "postgres-append" -> bench.append(arg(a, 1, 64), arg(a, 2, 8), arg(a, 3, 100_000), arg(a, 4, 1));
                case "postgres-single" -> bench.single(arg(a, 1, 5_000));
                case "postgres-query" -> new PostgresQueryBenchmark(bench).run(arg(a, 1, 10_000_000), arg(a, 2, 10));
                case "postgres-retention" -> new RetentionBenchmark(bench).run(arg(a, 1, 10_000_000), arg(a, 2, 10), arg(a, 3, 4));
                default -> throw new IllegalArgumentException("unknown benchmark " + what
                        + "; known: postgres-append, postgres-single, postgres-query, postgres-retention");
            }
        } finally {
            bench.dropSchema();
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

    private static int arg(List<String> a, int i, int dflt) {
        return a.size() > i ? Integer.parseInt(a.get(i).replace("_", "")) : dflt;
    }

    AuditStore openStore(int poolSize) {
        return ProviderRegistry.load(AuditStoreProvider.class, PostgresBenchmarks.class.getClassLoader(), "audit store backend")
                .get("postgres").create(ProviderConfig.of("bench.", Map.of("url", url, "username", user, "schema", schema,
                        "migrate", "true", "pool-size", Integer.toString(poolSize))), ProviderContext.of(Path.of("target")));
    }

    Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(url, user, null);
    }

    void append(int writers, int chains, int events, int inFlight) throws Exception {
        IntFunction<ChainId> chainOf = w -> ChainId.of("bench", "chain-" + (w % chains));
        double custody;
        long[] latencies;
        java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder conflicts = new java.util.concurrent.atomic.LongAdder();
        dev.custody.domain.chain.AppendListener stats = new dev.custody.domain.chain.AppendListener() {
            @Override
            public void batchAppended(ChainId chain, int n, long nanos) {
                batches.increment();
            }

            @Override
            public void conflict(ChainId chain, int attempt) {
                conflicts.increment();
            }
        };
        try (AuditStore store = openStore(16);
                ChainAppender appender = new ChainAppender(store, Clock.systemUTC(), AppendOptions.DEFAULT, stats)) {
            // Warm-up (JIT, pool, partitions) for at least 20 s, as JMH would: on 2 cores C2 is still compiling the
            // append path after a few seconds, and its compile threads take CPU from the measured run.
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            do {
                BenchWriters.run(appender, writers, Math.max(events / 5, 1_000), inFlight, chainOf);
            } while (System.nanoTime() < warmEnd);
            batches.reset();
            conflicts.reset();
            long start = System.nanoTime();
            latencies = BenchWriters.run(appender, writers, events, inFlight, chainOf);
            custody = events / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(latencies);
        out.printf("  %,d transactions, %.1f events per transaction (group commit), %d conflicts%n", batches.sum(),
                events / (double) Math.max(1, batches.sum()), conflicts.sum());
        out.printf("postgres append: %d writers over %d chains, sync, one event per call, %d in flight each, %,d events: "
                + "%,.0f events/s (p50 %.2f ms, p95 %.2f ms)%n", writers, chains, inFlight, events, custody,
                pct(latencies, 50), pct(latencies, 95));
        long rows;
        double copy;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + schema + ".raw_copy (LIKE " + schema + ".audit_records INCLUDING ALL)");
            CopyManager copier = c.unwrap(PGConnection.class).getCopyAPI();
            ByteArrayOutputStream rowsOut = new ByteArrayOutputStream();
            rows = copier.copyOut("COPY (SELECT * FROM " + schema + ".audit_records ORDER BY namespace, tenant, seq) "
                    + "TO STDOUT", rowsOut);
            byte[] bytes = rowsOut.toByteArray();
            long start = System.nanoTime();
            copier.copyIn("COPY " + schema + ".raw_copy FROM STDIN", new ByteArrayInputStream(bytes));
            copy = rows / ((System.nanoTime() - start) / 1e9);
        }
        out.printf("raw limit: one streamed COPY of the same %,d rows (warm-up included) into a table of the same "
                + "columns and indexes: %,.0f rows/s%n", rows, copy);
        out.printf("ratio: %.2f (target >= 0.50)%n", custody / copy);
    }

    void single(int events) throws Exception {
        long[] lat;
        try (AuditStore store = openStore(4); ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
            long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);   // warm-up, as for append
            do {
                BenchWriters.run(appender, 1, Math.min(events, 2_000), 1, w -> SINGLE);
            } while (System.nanoTime() < warmEnd);
            lat = BenchWriters.run(appender, 1, events, 1, w -> SINGLE);
        }
        Arrays.sort(lat);
        out.printf("postgres single writer: one event at a time, %,d events: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms "
                + "(target p50 <= 1 ms, p95 <= 15 ms)%n", events, pct(lat, 50), pct(lat, 95), pct(lat, 99));
    }

    void dropSchema() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (java.sql.SQLException e) {
            out.printf("could not drop schema %s: %s%n", schema, e.getMessage());
        }
    }

    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p / 100.0))] / 1e6;
    }
}
