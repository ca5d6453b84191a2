package dev.custody.domain.config;

import dev.custody.domain.chain.EventLimits;

/**
 * How much one request and one event may carry.
 *
 * @param maxBatchEvents most events in one request; default 1,000
 * @param event size and depth limits of one event
 */
public record IngestLimits(int maxBatchEvents, EventLimits event) {

    /** 1,000 events per request; 64 KiB and 32 levels per event. */
    public static final IngestLimits DEFAULT = new IngestLimits(1000, EventLimits.DEFAULT);

    public IngestLimits {
        if (maxBatchEvents < 1 || maxBatchEvents > 10_000) {
            throw new IllegalArgumentException("Invalid value for custody.limits.max-batch-events=" + maxBatchEvents
                    + ": must be between 1 and 10000");
        }
        java.util.Objects.requireNonNull(event, "event is null");
    }
}
