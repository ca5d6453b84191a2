package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an {@link ArchiveStore} knows about one stored object.
 *
 * @param key the object's key
 * @param size its length in bytes
 * @param sha256 lower-case hex SHA-256 of its bytes, as recorded at upload (the store checks it on upload);
 *     empty in listings that do not carry it
 * @param contentType its MIME type
 * @param metadata its user metadata, as put
 * @param retainUntil the WORM retention the store enforces, or null for none (or when the store cannot tell)
 * @param legalHold whether a legal hold is on
 */
public record ArchiveObject(String key, long size, String sha256, String contentType, Map<String, String> metadata,
        Instant retainUntil, boolean legalHold) {

    public ArchiveObject {
        requireNonNull(key, "key is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(contentType, "contentType is null");
        metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(metadata, "metadata is null")));
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
    }

    /** The retention, if any. */
    public Optional<Instant> retention() {
        return Optional.ofNullable(retainUntil);
    }
}
