package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How archival shares the machine with live appends (ADR 0122). Archival works in bounded pieces (a thousand
 * records read or checked, an upload, one purge statement) and passes a {@link Gate} after each. While appends
 * arrive ({@link LiveTraffic} saw one within {@code quietAfter}), the gate waits after each piece so that archival
 * works at most {@code busyShare} of the time, and archival does one thing at a time (no read-ahead); when none
 * arrive it neither waits nor stops reading ahead. {@code maxRecordsPerSecond} caps the rate in either case.
 */
public final class ArchivalPace {

    /**
     * What {@code custody.archive.pace} sets.
     *
     * @param busyShare the share of the time archival may work while appends arrive (0 &lt; share &le; 1; 1: no pacing)
     * @param quietAfter appends seen within this long count as live traffic
     * @param maxRecordsPerSecond a cap on records read, checked and purged per second, traffic or not (0: none)
     * @param purgeBatch most rows one purge of archived records removes (each purge is one short statement)
     */
    public record Settings(double busyShare, Duration quietAfter, long maxRecordsPerSecond, int purgeBatch) {

        /** A quarter of the time while appends arrive, full speed 2 s after the last, purges of 5,000 rows. */
        public static final Settings DEFAULT = new Settings(0.25, Duration.ofSeconds(2), 0, 5_000);

        public Settings {
            requireNonNull(quietAfter, "quietAfter is null");
            if (!(busyShare > 0 && busyShare <= 1)) {
                throw new IllegalArgumentException("Invalid value for custody.archive.pace.busy-share=" + busyShare
                        + ": must be more than 0 and at most 1");
            }
            if (quietAfter.isNegative()) {
                throw new IllegalArgumentException("Invalid value for custody.archive.pace.quiet-after=" + quietAfter
                        + ": must not be negative");
            }
            if (maxRecordsPerSecond < 0) {
                throw new IllegalArgumentException("Invalid value for custody.archive.pace.max-records-per-second="
                        + maxRecordsPerSecond + ": must not be negative");
            }
            if (purgeBatch < 1 || purgeBatch > 1_000_000) {
                throw new IllegalArgumentException("Invalid value for custody.archive.pace.purge-batch=" + purgeBatch
                        + ": must be between 1 and 1000000");
            }
        }
    }

    private final Settings settings;
    private final LiveTraffic traffic;
    private final LongSupplier nanoTime;
    private final ArchivalRunner.Sleeper sleeper;
    private final java.util.concurrent.atomic.AtomicLong waitedNanos = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param nanoTime the monotonic clock that times the pieces of work
     * @param sleeper how a gate waits (tests pass one that moves their clock)
     */
    public ArchivalPace(Settings settings, LiveTraffic traffic, LongSupplier nanoTime, ArchivalRunner.Sleeper sleeper) {
        this.settings = requireNonNull(settings, "settings is null");
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    /** Paced by {@code settings} against {@code traffic}, on the system clock. */
    public ArchivalPace(Settings settings, LiveTraffic traffic) {
        this(settings, traffic, System::nanoTime, d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000)));
    }

    /** Never waits: no traffic signal, no cap (tests, and where nothing else runs). */
    public static ArchivalPace fullSpeed() {
        return new ArchivalPace(Settings.DEFAULT, LiveTraffic.none());
    }

    public Settings settings() {
        return settings;
    }

    /** Whether live appends are arriving now. */
    public boolean trafficPresent() {
        return settings.busyShare() < 1 && traffic.seenWithin(settings.quietAfter());
    }

    /** Whether archival may read the next segment while it writes this one (only while no appends arrive). */
    public boolean readAhead() {
        return !trafficPresent();
    }

    /** How long every gate of this pace has waited, in all (the metric {@code custody_archive_paced_seconds_total}). */
    public Duration waited() {
        return Duration.ofNanos(waitedNanos.get());
    }

    /** A gate for one thread's sequence of pieces of work; the first piece starts now. */
    public Gate gate() {
        return new Gate();
    }

    /** Times one thread's pieces of work and waits after each as the pace asks. Not thread-safe. */
    public final class Gate {

        private long pieceStarted = nanoTime.getAsLong();
        private long waitedNanos;

        private Gate() {
        }

        /**
         * The piece of work since the last call (or since the gate was made) is done, having handled {@code records}
         * records: waits as long as the pace asks.
         *
         * @throws ArchivalException when interrupted while waiting
         */
        public void passed(long records) {
            long worked = nanoTime.getAsLong() - pieceStarted;
            long wait = 0;
            if (trafficPresent()) {
                wait = (long) (worked * (1 - settings.busyShare()) / settings.busyShare());
            }
            if (settings.maxRecordsPerSecond() > 0 && records > 0) {
                wait = Math.max(wait, records * 1_000_000_000L / settings.maxRecordsPerSecond() - worked);
            }
            if (wait > 0) {
                try {
                    sleeper.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ArchivalException("archival interrupted while pacing");
                }
                this.waitedNanos += wait;
                ArchivalPace.this.waitedNanos.addAndGet(wait);
            }
            pieceStarted = nanoTime.getAsLong();
        }

        /** The next piece of work starts now: the time since the last call was not this thread's work (it waited). */
        public void startPiece() {
            pieceStarted = nanoTime.getAsLong();
        }

        /** How long this gate has waited in all. */
        public Duration waited() {
            return Duration.ofNanos(waitedNanos);
        }
    }
}
