package dev.custody.domain.delivery;

/**
 * A snapshot of one sink, for health and metrics.
 *
 * @param name the configured name
 * @param lag records in the system of record past the sink's cursor, now: counted from the store at each delivery
 *     pass and after each failed attempt, and kept current by every append of this process in between; -1 before
 *     the first count
 * @param delivered records acknowledged since start
 * @param failures failed attempts since start
 * @param deadLettered records written to the dead-letter file since start
 * @param consecutiveFailures failed attempts since the last success; 0 when healthy
 * @param failClosed whether ingest stops while this sink fails
 * @param lastError the message of the last failure, or null
 */
public record SinkStatus(String name, long lag, long delivered, long failures, long deadLettered,
        int consecutiveFailures, boolean failClosed, String lastError) {

    /** Whether the last attempt failed. */
    public boolean failing() {
        return consecutiveFailures > 0;
    }
}
