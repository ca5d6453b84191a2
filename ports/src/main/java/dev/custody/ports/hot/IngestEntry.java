package dev.custody.ports.hot;

import static java.util.Objects.requireNonNull;

/**
 * One event in an ingest buffer.
 *
 * @param entryId the buffer's id of the entry (set by the hot tier; empty when enqueuing)
 * @param recordId the UUIDv7 the service assigned to the event and answered with
 * @param eventJson the event as the client's JSON object, on one line
 * @param enqueuedAtMillis when the buffer took it (epoch millis, the backend's clock); 0 when enqueuing
 * @param redelivered true when the entry was handed out before and never acknowledged: a promoter may
 *     have appended it and crashed before acknowledging, so it must check the chain before appending
 */
public record IngestEntry(String entryId, String recordId, String eventJson, long enqueuedAtMillis, boolean redelivered) {

    public IngestEntry {
        requireNonNull(entryId, "entryId is null");
        requireNonNull(recordId, "recordId is null");
        requireNonNull(eventJson, "eventJson is null");
    }

    /** An entry to enqueue. */
    public static IngestEntry of(String recordId, String eventJson) {
        return new IngestEntry("", recordId, eventJson, 0, false);
    }
}
