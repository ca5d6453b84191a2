package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How an object is written to an {@link ArchiveStore}.
 *
 * @param contentType the MIME type stored with the object
 * @param metadata user metadata stored with the object: keys match {@code [a-z0-9-]{1,64}}, values are
 *     printable ASCII of at most 1024 characters (what every object store carries unchanged)
 * @param retainUntil WORM retention until this instant, or null for none; requires
 *     {@link ArchiveCapability#RETENTION}
 * @param legalHold whether the object starts under legal hold; requires {@link ArchiveCapability#LEGAL_HOLD}
 */
public record ArchivePut(String contentType, Map<String, String> metadata, Instant retainUntil, boolean legalHold) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7e]{0,1024}");

    /** @throws IllegalArgumentException naming the metadata key that breaks the rules above */
    public ArchivePut {
        requireNonNull(contentType, "contentType is null");
        requireNonNull(metadata, "metadata is null");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || !KEY.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("metadata key must match " + KEY.pattern() + ": '" + e.getKey() + "'");
            }
            if (e.getValue() == null || !VALUE.matcher(e.getValue()).matches()) {
                throw new IllegalArgumentException("metadata value of '" + e.getKey() + "' must be printable ASCII, at most 1024 chars");
            }
        }
        metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** An object with this content type and metadata, no retention, no hold. */
    public static ArchivePut of(String contentType, Map<String, String> metadata) {
        return new ArchivePut(contentType, metadata, null, false);
    }

    /** The same, retained until {@code until} (null: none). */
    public ArchivePut retainedUntil(Instant until) {
        return new ArchivePut(contentType, metadata, until, legalHold);
    }

    /** The same, with the legal hold on or off. */
    public ArchivePut withLegalHold(boolean hold) {
        return new ArchivePut(contentType, metadata, retainUntil, hold);
    }
}
