package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One stored record of a chain (format v1). {@link #json()} is the record exactly as stored and
 * hashed; the other components are an index of it that stores use to place and find the record.
 * Verification trusts only {@code json}: a store whose index disagrees with it is reported broken.
 *
 * @param chain the chain the record belongs to
 * @param seq position in the chain, from 1, without gaps
 * @param id the record's UUIDv7
 * @param prevHash {@code record_hash} of seq − 1, or {@code "genesis"} for seq 1
 * @param recordHash lower-case hex SHA-256 of the RFC 8785 form of the record without {@code record_hash}
 * @param recordedAt server time of recording
 * @param kind {@code decision}, {@code llm_call}, {@code access}, … or a custom {@code x-…}
 * @param action what was done
 * @param actor who did it
 * @param resource what it was done to, or null
 * @param outcome the result
 * @param subjectId the data subject (as stored: a pseudonym where personal-data protection is on), or null
 * @param json the whole record as one JSON object on one line, UTF-8, including {@code record_hash}
 */
public record AuditRecord(
        ChainId chain,
        long seq,
        String id,
        String prevHash,
        String recordHash,
        Instant recordedAt,
        String kind,
        String action,
        Ref actor,
        Ref resource,
        String outcome,
        String subjectId,
        String json) {

    /** @throws IllegalArgumentException when seq &lt; 1 or json holds a line break */
    public AuditRecord {
        requireNonNull(chain, "chain is null");
        requireNonNull(id, "id is null");
        requireNonNull(prevHash, "prevHash is null");
        requireNonNull(recordHash, "recordHash is null");
        requireNonNull(recordedAt, "recordedAt is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(action, "action is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(json, "json is null");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, got " + seq);
        }
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("json must be a single line");
        }
    }

    /** The resource, if the record names one. */
    public Optional<Ref> resourceRef() {
        return Optional.ofNullable(resource);
    }

    /** The data subject, if the record names one. */
    public Optional<String> subject() {
        return Optional.ofNullable(subjectId);
    }

    /** Short form for logs: never the payload. */
    @Override
    public String toString() {
        return "AuditRecord[" + chain + " seq=" + seq + " id=" + id + " hash=" + recordHash + "]";
    }
}
