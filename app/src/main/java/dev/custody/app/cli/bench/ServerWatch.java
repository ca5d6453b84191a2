package dev.custody.app.cli.bench;

import dev.custody.app.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples what a server process holds while a benchmark runs, once a second and once more at the end: its open
 * descriptors ({@code /proc/<pid>/fd}), its resident memory ({@code VmRSS}, and the peak {@code VmHWM} the kernel
 * keeps) and, when given a PostgreSQL URL, the connections to that URL's database ({@code pg_stat_activity}, the
 * watcher's own left out). Linux only.
 */
final class ServerWatch implements AutoCloseable {

    /** How often it samples. */
    static final long EVERY_MILLIS = 1_000;

    /**
     * What it saw.
     *
     * @param fdLimit the process's soft limit of open files ({@code ulimit -n}), or -1 when unknown
     * @param postgres null without a PostgreSQL URL
     * @param problem why sampling stopped early (the process went away), or null
     */
    record Figures(long pid, int samples, long fdsFirst, long fdsMax, long fdsLast, long fdLimit, long rssMaxKb,
            long rssLastKb, long hwmKb, Connections postgres, String problem) {
    }

    /** Connections to the database: at the first sample, the most at any sample, at the last. */
    record Connections(long first, long max, long last) {
    }

    private final long pid;
    private final Path proc;
    private final Connection postgres;
    private final ScheduledExecutorService sampler;
    private int samples;
    private long fdsFirst = -1;
    private long fdsMax;
    private long fdsLast;
    private long rssMaxKb;
    private long rssLastKb;
    private long hwmKb;
    private long pgFirst = -1;
    private long pgMax;
    private long pgLast;
    private String problem;
    private long fdLimit = -1;

    private ServerWatch(long pid, Connection postgres) {
        this.pid = pid;
        this.proc = Path.of("/proc", Long.toString(pid));
        this.postgres = postgres;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-server-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes a first sample and samples every second from then on.
     *
     * @param postgresUrl a JDBC URL of the server's database, or null
     * @throws CliException when the process cannot be read or PostgreSQL cannot be reached
     */
    static ServerWatch start(long pid, String postgresUrl) {
        if (!Files.isDirectory(Path.of("/proc", Long.toString(pid), "fd"))) {
            throw new CliException("--watch-pid " + pid + ": no such process here (this needs Linux's /proc)");
        }
        Connection pg = null;
        if (postgresUrl != null) {
            try {
                pg = DriverManager.getConnection(postgresUrl);
            } catch (SQLException e) {
                throw new CliException("--watch-postgres: cannot connect to " + postgresUrl + ": " + e.getMessage(), e);
            }
        }
        ServerWatch watch = new ServerWatch(pid, pg);
        watch.fdLimit = readFdLimit(watch.proc);
        watch.sample();
        if (watch.problem != null) {
            watch.close();
            throw new CliException("--watch-pid " + pid + ": " + watch.problem);
        }
        watch.sampler.scheduleAtFixedRate(watch::sample, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Stops sampling, takes the last sample and returns what it saw. */
    Figures finish() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        synchronized (this) {
            return new Figures(pid, samples, fdsFirst, fdsMax, fdsLast, fdLimit, rssMaxKb, rssLastKb, hwmKb,
                    postgres == null ? null : new Connections(pgFirst, pgMax, pgLast), problem);
        }
    }

    private synchronized void sample() {
        if (problem != null) {
            return;
        }
        try {
            long fds;
            try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
                fds = open.count();
            }
            long rss = statusKb("VmRSS:");
            long hwm = statusKb("VmHWM:");
            long pg = postgres == null ? 0 : pgConnections();
            samples++;
            fdsFirst = fdsFirst < 0 ? fds : fdsFirst;
            fdsMax = Math.max(fdsMax, fds);
            fdsLast = fds;
            rssMaxKb = Math.max(rssMaxKb, rss);
            rssLastKb = rss;
            hwmKb = Math.max(hwmKb, hwm);
            pgFirst = pgFirst < 0 ? pg : pgFirst;
            pgMax = Math.max(pgMax, pg);
            pgLast = pg;
        } catch (IOException | SQLException | RuntimeException e) {
            problem = Files.isDirectory(proc) ? "sampling failed: " + e : "process " + pid + " is gone";
        }
    }

    private long statusKb(String field) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " is not in " + proc.resolve("status"));
    }

    private static long readFdLimit(Path proc) {
        try {
            List<String> lines = Files.readAllLines(proc.resolve("limits"));
            for (String line : lines) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: the figures say -1
        }
        return -1;
    }

    private long pgConnections() throws SQLException {
        try (Statement s = postgres.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
    }
}
