package dev.custody.domain.chain;

import java.time.Duration;

/**
 * How a {@link ChainAppender} batches and retries.
 *
 * @param maxBatchEvents most events in one conditional append (group commit); default 1000
 * @param maxPendingEventsPerChain events waiting for one chain before new appends are refused with
 *     {@link AppendRejectedException}; default 100,000
 * @param maxAttempts tries of one batch when the tip keeps moving; default 5
 * @param baseBackoff wait before the first retry, doubled each time, with ±50% jitter; default 10 ms
 * @param writerThreads chains written at the same time; default 16
 * @param limits size and depth limits of one event
 */
public record AppendOptions(
        int maxBatchEvents,
        int maxPendingEventsPerChain,
        int maxAttempts,
        Duration baseBackoff,
        int writerThreads,
        EventLimits limits) {

    /** The defaults listed above. */
    public static final AppendOptions DEFAULT =
            new AppendOptions(1000, 100_000, 5, Duration.ofMillis(10), 16, EventLimits.DEFAULT);

    public AppendOptions {
        if (maxBatchEvents < 1) {
            throw new IllegalArgumentException("maxBatchEvents must be >= 1");
        }
        if (maxPendingEventsPerChain < maxBatchEvents) {
            throw new IllegalArgumentException("maxPendingEventsPerChain must be >= maxBatchEvents");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (baseBackoff.isNegative()) {
            throw new IllegalArgumentException("baseBackoff must not be negative");
        }
        if (writerThreads < 1) {
            throw new IllegalArgumentException("writerThreads must be >= 1");
        }
        java.util.Objects.requireNonNull(limits, "limits is null");
    }

    public AppendOptions withMaxAttempts(int v) {
        return new AppendOptions(maxBatchEvents, maxPendingEventsPerChain, v, baseBackoff, writerThreads, limits);
    }

    public AppendOptions withBaseBackoff(Duration v) {
        return new AppendOptions(maxBatchEvents, maxPendingEventsPerChain, maxAttempts, v, writerThreads, limits);
    }

    public AppendOptions withMaxBatchEvents(int v) {
        return new AppendOptions(v, Math.max(v, maxPendingEventsPerChain), maxAttempts, baseBackoff, writerThreads, limits);
    }

    public AppendOptions withMaxPendingEventsPerChain(int v) {
        return new AppendOptions(maxBatchEvents, v, maxAttempts, baseBackoff, writerThreads, limits);
    }

    public AppendOptions withLimits(EventLimits v) {
        return new AppendOptions(maxBatchEvents, maxPendingEventsPerChain, maxAttempts, baseBackoff, writerThreads, v);
    }
}
