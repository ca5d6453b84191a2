package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyStage;
import dev.custody.ports.RestoredRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings an archived seq range back for querying: reads every segment that holds part of it, checks each
 * against its manifest ({@link SegmentReader}), and only when all check puts the records into the system of
 * record's restored area ({@link RestoredRecords}) and records the {@code restore} custody stage.
 */
public final class Restorer {

    private final AuditStore store;
    private final ArchiveStore archive;
    private final SegmentReader reader;
    private final Clock clock;

    public Restorer(AuditStore store, ArchiveStore archive, SegmentCompression compression, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.archive = requireNonNull(archive, "archive is null");
        this.reader = new SegmentReader(archive, compression);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @throws IllegalArgumentException when the range is malformed
     * @throws ArchivalException when the store cannot keep restored records, no archived record lies in the
     *     range, or a segment does not check (nothing is restored then)
     */
    public RestoreReport restore(ChainId chain, long fromSeq, long toSeq, String actor) {
        requireNonNull(chain, "chain is null");
        requireNonNull(actor, "actor is null");
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("invalid range " + fromSeq + ".." + toSeq);
        }
        RestoredRecords area = store.restoredRecords().orElseThrow(() -> new ArchivalException(
                "the system of record cannot keep restored records (restore needs the postgres backend)"));
        List<String> segments = new ArrayList<>();
        List<AuditRecord> records = new ArrayList<>();
        MerkleTree tree = new MerkleTree();
        for (ArchiveIndex.Entry e : ArchiveIndex.of(archive, chain)) {
            if (e.lastSeq() < fromSeq || e.firstSeq() > toSeq) {
                continue;
            }
            SegmentCheck check = reader.check(e.manifestKey());
            if (check instanceof SegmentCheck.Broken b) {
                throw new ArchivalException("cannot restore from " + archive.location(b.segmentKey()) + ": " + b.reason()
                        + (b.recordId() == null ? "" : " (record " + b.recordId() + ")"));
            }
            SegmentCheck.Intact ok = (SegmentCheck.Intact) check;
            long first = ok.manifest().firstSeq();
            for (long seq = Math.max(fromSeq, first); seq <= Math.min(toSeq, ok.manifest().lastSeq()); seq++) {
                String line = ok.lines().get((int) (seq - first));
                records.add(StoredRecords.parse(line));
                tree.add(line.getBytes(StandardCharsets.UTF_8));
            }
            segments.add(e.segmentKey());
        }
        if (records.isEmpty()) {
            throw new ArchivalException("no archived record of " + chain + " lies in seq " + fromSeq + ".." + toSeq);
        }
        long added = area.put(chain, records);
        long first = records.get(0).seq();
        long last = records.get(records.size() - 1).seq();
        var row = CustodyHashes.range(chain, first, last, CustodyStage.RESTORE,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), "restored_records", actor,
                tree.rootHex());
        store.custodyLog().ifPresent(log -> log.append(row));
        return new RestoreReport(chain, fromSeq, toSeq, segments, records.size(), added);
    }
}
