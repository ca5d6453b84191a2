package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.tiering.ArchivalException;
import dev.custody.domain.tiering.ArchiveIndex;
import dev.custody.domain.tiering.SegmentCheck;
import dev.custody.domain.tiering.SegmentCompression;
import dev.custody.domain.tiering.SegmentReader;
import dev.custody.domain.tiering.StoredRecords;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Retention of the cold tier: the oldest archived segments of a chain whose WORM retention has passed and whose
 * every record has expired and is not held, in seq order up to the first that is not (ADR 0072). Each segment
 * is checked (object hash, manifest, Merkle root) before its records are judged, then deleted with its manifest.
 */
public final class ArchiveRetention {

    private final ArchiveStore archive;
    private final SegmentReader reader;

    public ArchiveRetention(ArchiveStore archive, SegmentCompression compression) {
        this.archive = requireNonNull(archive, "archive is null");
        this.reader = new SegmentReader(archive, compression);
    }

    /** An expired segment: its keys, last seq and record hash (the anchor), and its records per kind. */
    public record Expired(String segmentKey, String manifestKey, long lastSeq, String lastRecordHash, Map<String, Long> byKind) {
    }

    /** The expired prefix of {@code chain}'s archive; a segment that is held, retained or does not check ends it. */
    public List<Expired> expiredPrefix(ChainId chain, Instant now, Predicate<AuditRecord> expired, RetentionHolds holds,
            List<String> notes) {
        List<Expired> out = new ArrayList<>();
        for (ArchiveIndex.Entry e : ArchiveIndex.of(archive, chain)) {
            Optional<ArchiveObject> head = archive.head(e.segmentKey());
            if (head.isEmpty()) {
                break;
            }
            if (head.get().legalHold() || head.get().retainUntil() != null && head.get().retainUntil().isAfter(now)) {
                break;
            }
            if (!(reader.check(e.manifestKey()) instanceof SegmentCheck.Intact intact)) {
                notes.add("chain " + chain + ": archived segment " + archive.location(e.segmentKey()) + " does not check; kept");
                break;
            }
            Map<String, Long> byKind = new TreeMap<>();
            boolean all = true;
            for (String line : intact.lines()) {
                AuditRecord r = StoredRecords.parse(line);
                if (!expired.test(r) || holds.holdOn(r).isPresent()) {
                    all = false;
                    break;
                }
                byKind.merge(r.kind(), 1L, Long::sum);
            }
            if (!all) {
                break;
            }
            out.add(new Expired(e.segmentKey(), e.manifestKey(), intact.manifest().lastSeq(), intact.manifest().lastRecordHash(), byKind));
        }
        return out;
    }

    /** Whether {@code chain} has any archived segment. */
    public boolean hasSegments(ChainId chain) {
        return !ArchiveIndex.of(archive, chain).isEmpty();
    }

    /** Deletes the segments, oldest first: the segment, then its manifest. */
    public void delete(List<Expired> segments) {
        for (Expired x : segments) {
            try {
                archive.delete(x.segmentKey());
                archive.delete(x.manifestKey());
            } catch (RuntimeException ex) {
                throw new ArchivalException("deleting expired segment " + archive.location(x.segmentKey()) + " failed: "
                        + ex.getMessage());
            }
        }
    }
}
