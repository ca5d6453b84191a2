package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ChainId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the {@link Archiver} chain by chain with retries: a failed attempt is retried after an exponential
 * backoff ({@code base, 2·base, 4·base …}, at most {@code maxAttempts} attempts per chain and run). It counts
 * failed attempts in a row across runs; {@link #alerting()} is true from {@value #ALERT_AFTER} on, until an
 * attempt succeeds. Nothing is removed from the system of record by a failed attempt.
 */
public final class ArchivalRunner {

    /** Consecutive failures that raise the alert. */
    public static final int ALERT_AFTER = 3;

    /** How the runner waits between attempts (tests pass one that does not sleep). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Archiver archiver;
    private final int maxAttempts;
    private final Duration baseBackoff;
    private final Sleeper sleeper;
    private final ArchivalListener listener;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

    public ArchivalRunner(Archiver archiver, int maxAttempts, Duration baseBackoff, Sleeper sleeper, ArchivalListener listener) {
        this.archiver = requireNonNull(archiver, "archiver is null");
        this.baseBackoff = requireNonNull(baseBackoff, "baseBackoff is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.listener = requireNonNull(listener, "listener is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
    }

    /** Failed attempts in a row. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Whether {@value #ALERT_AFTER} or more attempts in a row have failed. */
    public boolean alerting() {
        return consecutiveFailures.get() >= ALERT_AFTER;
    }

    /**
     * Archives each chain, retrying each as described.
     *
     * @throws ArchivalException for the first chain whose every attempt failed, after the other chains were tried
     */
    public List<ArchivalReport> run(List<ChainId> chains) {
        List<ArchivalReport> out = new ArrayList<>();
        ArchivalException first = null;
        for (ChainId chain : chains) {
            try {
                out.add(runOne(chain));
            } catch (ArchivalException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    private ArchivalReport runOne(ChainId chain) {
        Duration wait = baseBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                ArchivalReport r = archiver.archive(chain);
                consecutiveFailures.set(0);
                listener.archived(r);
                return r;
            } catch (RuntimeException e) {
                int n = consecutiveFailures.incrementAndGet();
                listener.failed(chain, attempt, n, e);
                if (attempt >= maxAttempts) {
                    throw e instanceof ArchivalException ae ? ae
                            : new ArchivalException("archival of " + chain + " failed " + attempt + " times: " + e.getMessage(), e);
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ArchivalException("archival of " + chain + " interrupted", ie);
                }
                wait = wait.multipliedBy(2);
            }
        }
    }
}
