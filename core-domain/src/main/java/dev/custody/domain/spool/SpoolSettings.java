package dev.custody.domain.spool;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how much a Custody instance spools when its system of record is unreachable.
 *
 * @param enabled spool instead of refusing; off by default in {@code hipaa}, on otherwise (ADR 0060)
 * @param maxEvents most events waiting in the spool, all chains together; beyond it appends are refused (503)
 * @param maxBytes most bytes of spool files; beyond it appends are refused (503)
 * @param retryInterval how often the drainer probes the system of record while events wait
 */
public record SpoolSettings(boolean enabled, long maxEvents, long maxBytes, Duration retryInterval) {

    /** 100,000 events or 256 MiB, probed every second. */
    public static final long DEFAULT_MAX_EVENTS = 100_000;
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

    /** No spool: an unreachable system of record is a 503. */
    public static final SpoolSettings DISABLED =
            new SpoolSettings(false, DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES, DEFAULT_RETRY_INTERVAL);

    public SpoolSettings {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("Invalid value for custody.spool.max-events=" + maxEvents + ": must be >= 1");
        }
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("Invalid value for custody.spool.max-bytes=" + maxBytes
                    + ": must be >= 65536");
        }
        Objects.requireNonNull(retryInterval, "retryInterval is null");
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("Invalid value for custody.spool.retry-interval=" + retryInterval
                    + ": must be positive");
        }
    }

    /** Enabled with the default bounds. */
    public static SpoolSettings enabledWithDefaults() {
        return new SpoolSettings(true, DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES, DEFAULT_RETRY_INTERVAL);
    }
}
