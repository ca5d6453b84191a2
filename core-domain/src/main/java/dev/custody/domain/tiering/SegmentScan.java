package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ArchiveManifest;
import java.util.List;
import java.util.OptionalInt;

/**
 * Whatever could be read of one archived segment and its manifest, damaged or not: forensics must describe the
 * damage rather than only refuse the segment ({@link SegmentReader#scan}). Nothing here is checked yet.
 *
 * @param segmentKey the key of the segment object
 * @param manifest the parsed manifest, or null when it is missing or malformed
 * @param manifestProblem why there is no manifest, or null
 * @param objectSha256 hex SHA-256 of the object's bytes as stored, or null when the object is missing
 * @param lines the complete lines decoded, in order, without their {@code \n}
 * @param unreadable null when the whole object decoded into {@code \n}-terminated lines; otherwise why decoding
 *     stopped (a missing object, a damaged frame, an unterminated last line)
 */
public record SegmentScan(String segmentKey, ArchiveManifest manifest, String manifestProblem, String objectSha256,
        List<String> lines, String unreadable) {

    public SegmentScan {
        requireNonNull(segmentKey, "segmentKey is null");
        lines = List.copyOf(lines);
        if ((manifest == null) == (manifestProblem == null)) {
            throw new IllegalArgumentException("exactly one of manifest and manifestProblem must be given");
        }
    }

    /** Whether the object's bytes are those the manifest recorded. */
    public boolean hashMatches() {
        return manifest != null && objectSha256 != null && objectSha256.equals(manifest.sha256());
    }

    /** The position among {@link #lines()} of the record with this id, if it was read. */
    public OptionalInt indexOf(String recordId) {
        String needle = "\"id\":\"" + recordId + "\"";
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle) && recordId.equals(StoredRecords.idOf(lines.get(i)))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }
}
