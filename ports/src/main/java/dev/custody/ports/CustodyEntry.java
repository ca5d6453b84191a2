package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One link of an event's chain of custody: {@code {event_id, stage, ts, hash, prev_hash, location, actor}}.
 * {@code hash} is the SHA-256 (hex) of the RFC 8785 form of the other six fields plus the record's
 * {@code record_hash}; {@code prevHash} is the previous stage's {@code hash} ({@code "genesis"} for ingest).
 */
public record CustodyEntry(String eventId, CustodyStage stage, Instant ts, String hash, String prevHash, String location,
        String actor) {

    public CustodyEntry {
        requireNonNull(eventId, "eventId is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(ts, "ts is null");
        requireNonNull(hash, "hash is null");
        requireNonNull(prevHash, "prevHash is null");
        requireNonNull(location, "location is null");
        requireNonNull(actor, "actor is null");
    }
}
