package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainAnchors;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Verifies a chain as one across tiers: every archived segment in seq order (object hash, manifest, Merkle
 * root, each record), each segment continuing the previous one, then the warm rows continuing the last
 * segment (the first warm record's {@code prev_hash} equals the last archived {@code record_hash}). Warm rows
 * that are also archived (a store that cannot purge) must equal the archived lines.
 */
public final class TieredVerifier {

    private final ChainVerifier verifier = new ChainVerifier();
    private final SegmentReader reader;
    private final ArchiveStore archive;

    public TieredVerifier(ArchiveStore archive, SegmentCompression compression) {
        this.archive = requireNonNull(archive, "archive is null");
        this.reader = new SegmentReader(archive, compression);
    }

    /** Verifies the whole of {@code chain}; a chain shortened by retention is reported broken. */
    public TieredVerification verify(AuditStore store, ChainId chain) {
        return verify(store, chain, ChainAnchors.NONE);
    }

    /**
     * Verifies the whole of {@code chain} as retained: records retention deleted (before the archive starts, or
     * between the archive's end and the oldest warm row) are bridged by the anchors it recorded (ADR 0072).
     */
    public TieredVerification verify(AuditStore store, ChainId chain, ChainAnchors anchors) {
        List<ArchiveIndex.Entry> index = ArchiveIndex.of(archive, chain);
        if (index.isEmpty()) {
            return new TieredVerification(verifier.verify(store, chain, anchors), 0, 0, null);
        }
        long expectedSeq = 0;
        String prev = null;
        long checked = 0;
        String firstId = null;
        String lastId = null;
        int segments = 0;
        for (ArchiveIndex.Entry e : index) {
            segments++;
            SegmentCheck check = reader.check(e.manifestKey());
            if (check instanceof SegmentCheck.Broken b) {
                return broken(checked + b.recordsChecked(), b.recordId(), firstId, lastId,
                        "archived segment " + archive.location(b.segmentKey()) + ": " + b.reason(), segments, checked, b.segmentKey());
            }
            SegmentCheck.Intact ok = (SegmentCheck.Intact) check;
            var m = ok.manifest();
            String segFirstId = StoredRecords.idOf(ok.lines().get(0));
            if (expectedSeq != 0 && (m.firstSeq() != expectedSeq || !m.firstPrevHash().equals(prev))) {
                return broken(checked + 1, segFirstId, firstId, segFirstId, "archived segment " + archive.location(e.segmentKey())
                        + " does not continue the previous one (expected seq " + expectedSeq + " linked to " + prev
                        + ", found seq " + m.firstSeq() + " with prev_hash " + m.firstPrevHash() + ")", segments, checked, e.segmentKey());
            }
            if (expectedSeq == 0 && m.firstSeq() > 1 && !anchors.recordHashOf(chain, m.firstSeq() - 1)
                    .map(m.firstPrevHash()::equals).orElse(false)) {
                return broken(1, segFirstId, segFirstId, segFirstId, "the archive starts at seq " + m.firstSeq()
                        + " and no retention record accounts for the records before it", segments, 0, e.segmentKey());
            }
            if (expectedSeq == 0 && m.firstSeq() == 1 && !m.firstPrevHash().equals(ChainTip.GENESIS_HASH)) {
                return broken(1, segFirstId, segFirstId, segFirstId, "seq 1 must have prev_hash genesis", segments, 0, e.segmentKey());
            }
            if (firstId == null) {
                firstId = segFirstId;
            }
            lastId = StoredRecords.idOf(ok.lines().get(ok.lines().size() - 1));
            checked += m.count();
            expectedSeq = m.lastSeq() + 1;
            prev = m.lastRecordHash();
            String overlap;
            try {
                overlap = compareOverlap(store, chain, ok);
            } catch (ChainUnreadableException x) {
                overlap = "warm " + ChainVerifier.unreadableReason(x);
            }
            if (overlap != null) {
                return broken(checked, null, firstId, lastId, overlap, segments, checked, e.segmentKey());
            }
        }
        long archived = checked;
        long archivedThrough = expectedSeq - 1;
        long firstWarm;
        try (Stream<dev.custody.ports.AuditRecord> rows = store.stream(chain, expectedSeq, Long.MAX_VALUE)) {
            firstWarm = rows.findFirst().map(dev.custody.ports.AuditRecord::seq).orElse(expectedSeq);
        } catch (ChainUnreadableException e) {
            return broken(archived + 1, null, firstId, lastId, "warm " + ChainVerifier.unreadableReason(e), segments, archived, null);
        }
        if (firstWarm > expectedSeq) {
            java.util.Optional<String> anchor = anchors.recordHashOf(chain, firstWarm - 1);
            if (anchor.isPresent()) {
                expectedSeq = firstWarm;
                prev = anchor.get();
            }
        }
        Verification warm;
        try (Stream<String> rows = store.streamJson(chain, expectedSeq, Long.MAX_VALUE)) {
            warm = verifier.verify(rows.iterator(), chain, expectedSeq - 1, prev);
        }
        if (warm instanceof Verification.Broken b) {
            return new TieredVerification(new Verification.Broken(archived + b.recordsChecked(), b.firstBrokenAt(),
                    archived + b.position(), firstId, b.lastRecordId(),
                    "warm " + b.reason() + (b.position() == 1 ? " (the first warm record must continue the archive)" : "")),
                    segments, archived, null);
        }
        Verification.Valid w = (Verification.Valid) warm;
        long tip = store.tip(chain).seq();
        if (tip < archivedThrough) {
            return new TieredVerification(new Verification.Broken(archived + w.recordsChecked(), null, archived + 1, firstId, lastId,
                    "the archive holds the chain through seq " + archivedThrough + " but the system of record's newest record is "
                            + (tip == 0 ? "gone (it holds none)" : "seq " + tip)
                            + "; archival never removes a chain's newest record: records were removed outside Custody"),
                    segments, archived, null);
        }
        Verification whole = new Verification.Valid(archived + w.recordsChecked(), firstId,
                w.lastRecordId() != null ? w.lastRecordId() : lastId, w.recordsChecked() > 0 ? w.lastSeq() : expectedSeq - 1,
                w.lastRecordHash());
        return new TieredVerification(ChainVerifier.heldAsRecorded(whole, chain, anchors), segments, archived, null);
    }

    /** Warm rows the segment also holds must be byte-identical to it. */
    private static String compareOverlap(AuditStore store, ChainId chain, SegmentCheck.Intact ok) {
        var m = ok.manifest();
        try (Stream<String> rows = store.streamJson(chain, m.firstSeq(), m.lastSeq())) {
            var it = rows.iterator();
            while (it.hasNext()) {
                String row = it.next();
                var r = StoredRecords.parse(row);
                String archived = ok.lines().get((int) (r.seq() - m.firstSeq()));
                if (!archived.equals(row)) {
                    return "warm record seq " + r.seq() + " differs from its archived copy in " + m.file();
                }
            }
        }
        return null;
    }

    private static TieredVerification broken(long checked, String recordId, String firstId, String lastId, String reason,
            int segments, long archivedIntact, String segment) {
        return new TieredVerification(new Verification.Broken(checked, recordId, checked, firstId, lastId, reason),
                segments, archivedIntact, segment);
    }
}
