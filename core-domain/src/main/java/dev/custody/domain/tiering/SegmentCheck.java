package dev.custody.domain.tiering;

import dev.custody.ports.ArchiveManifest;
import java.util.List;

/** The outcome of reading one archived segment back and checking it against its manifest. */
public sealed interface SegmentCheck {

    /** The key of the segment object. */
    String segmentKey();

    /**
     * Object hash, manifest, count, Merkle root and every record's hash and link all check.
     *
     * @param lines the stored records, in seq order, exactly as hashed; empty when checked by
     *     {@link SegmentReader#verify(String, java.util.function.LongConsumer)}, which does not keep them
     */
    record Intact(String segmentKey, ArchiveManifest manifest, List<String> lines) implements SegmentCheck {
        public Intact {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Something does not check.
     *
     * @param recordId the first record found broken, or null when the break is in the object or manifest as a whole
     * @param recordsChecked how many of the segment's records were examined before stopping
     * @param reason what did not match
     */
    record Broken(String segmentKey, String recordId, long recordsChecked, String reason) implements SegmentCheck {
    }
}
