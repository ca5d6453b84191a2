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
 * @param maxPendingBytes UTF-8 bytes of events waiting across all chains before new appends are refused with
 *     {@link AppendRejectedException}, so the sum of every chain's queue is bounded in memory too; default 256 MiB
 */
public record AppendOptions(
        int maxBatchEvents,
        int maxPendingEventsPerChain,
        int maxAttempts,
        Duration baseBackoff,
        int writerThreads,
        EventLimits limits,
        long maxPendingBytes) {

    /** The defaults listed above. */
    public static final AppendOptions DEFAULT =
            new AppendOptions(1000, 100_000, 5, Duration.ofMillis(10), 16, EventLimits.DEFAULT, 256L << 20);

    /** With the default bound on pending bytes (256 MiB). */
    public AppendOptions(int maxBatchEvents, int maxPendingEventsPerChain, int maxAttempts, Duration baseBackoff,
            int writerThreads, EventLimits limits) {
        this(maxBatchEvents, maxPendingEventsPerChain, maxAttempts, baseBackoff, writerThreads, limits, 256L << 20);
    }

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
        if (maxPendingBytes < limits.maxRecordBytes()) {
            throw new IllegalArgumentException("maxPendingBytes must be >= the largest record (" + limits.maxRecordBytes() + ")");
        }
    }

    public AppendOptions withMaxAttempts(int v) {
        return new AppendOptions(maxBatchEvents, maxPendingEventsPerChain, v, baseBackoff, writerThreads, limits, maxPendingBytes);
    }

    public AppendOptions withBaseBackoff(Duration v) {
        return new AppendOptions(maxBatchEvents, maxPendingEventsPerChain, maxAttempts, v, writerThreads, limits, maxPendingBytes);
    }

    public AppendOptions withMaxBatchEvents(int v) {
        return new AppendOptions(v, Math.max(v, maxPendingEventsPerChain), maxAttempts, baseBackoff, writerThreads, limits, maxPendingBytes);
    }

    public AppendOptions withMaxPendingEventsPerChain(int v) {
        return new AppendOptions(maxBatchEvents, v, maxAttempts, baseBackoff, writerThreads, limits, maxPendingBytes);
    }

    public AppendOptions withLimits(EventLimits v) {
        return new AppendOptions(maxBatchEvents, maxPendingEventsPerChain, maxAttempts, baseBackoff, writerThreads, v, maxPendingBytes);
    }

    public AppendOptions withMaxPendingBytes(long v) {
        return new AppendOptions(maxBatchEvents, maxPendingEventsPerChain, maxAttempts, baseBackoff, writerThreads, limits, v);
    }
}
