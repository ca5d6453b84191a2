package dev.custody.domain.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How one sink is fed.
 *
 * @param filter which records it receives
 * @param maxBatchRecords a batch holds at most this many records (1..10000)
 * @param maxBatchBytes and at most this many bytes of record JSON (at least one record, whatever its size)
 * @param linger after an append wakes the sink, wait this long for more before sending a partial batch
 * @param initialBackoff wait after the first failed attempt; doubled after each further failure
 * @param maxBackoff the longest wait between attempts
 * @param maxAttempts after this many failed attempts a batch goes to the dead-letter file (not when fail-closed)
 * @param failClosed while this sink fails, ingest is refused ({@link SinkUnavailableException}) and
 *     nothing is dead-lettered: the sink retries until it recovers
 * @param pollInterval how often the sink looks for new records when nothing wakes it (appends by other replicas)
 */
public record DeliverySettings(SinkFilter filter, int maxBatchRecords, long maxBatchBytes, Duration linger,
        Duration initialBackoff, Duration maxBackoff, int maxAttempts, boolean failClosed, Duration pollInterval) {

    /** 500 records or 1 MiB, 200 ms linger, backoff 500 ms doubling to 1 min, dead-letter after 10 attempts. */
    public static final DeliverySettings DEFAULT = new DeliverySettings(SinkFilter.ALL, 500, 1 << 20,
            Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMinutes(1), 10, false, Duration.ofSeconds(5));

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public DeliverySettings {
        requireNonNull(filter, "filter is null");
        requireNonNull(linger, "linger is null");
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
        requireNonNull(pollInterval, "pollInterval is null");
        check(maxBatchRecords >= 1 && maxBatchRecords <= 10_000, "batch.max-records must be between 1 and 10000");
        check(maxBatchBytes >= 1024, "batch.max-bytes must be at least 1024");
        check(!linger.isNegative(), "batch.linger must not be negative");
        check(initialBackoff.toMillis() >= 1, "retry.initial-backoff must be at least 1ms");
        check(maxBackoff.compareTo(initialBackoff) >= 0, "retry.max-backoff must be at least retry.initial-backoff");
        check(maxAttempts >= 1, "retry.max-attempts must be at least 1");
        check(pollInterval.toMillis() >= 1, "poll-interval must be at least 1ms");
    }

    /** The same settings with another filter. */
    public DeliverySettings withFilter(SinkFilter f) {
        return new DeliverySettings(f, maxBatchRecords, maxBatchBytes, linger, initialBackoff, maxBackoff, maxAttempts,
                failClosed, pollInterval);
    }

    /** The wait after the {@code failures}-th consecutive failure (1-based). */
    public Duration backoff(int failures) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < failures && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
