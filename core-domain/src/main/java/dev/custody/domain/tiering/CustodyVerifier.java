package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyEntry;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import dev.custody.ports.RestoredRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recomputes the chain of custody of one event (ADR 0053): {@code ingest} and {@code ledger} are derived from
 * the stored record itself (its hash covers {@code recorded_at}, chain and seq); {@code archive} and
 * {@code restore} come from the custody log rows and archive manifests covering the record. Every entry links
 * to the previous one by hash; each claim is checked where it points: the record's own hash, the archived
 * segment (object hash, Merkle root, the record's line), the restored copy, the row hashes, and that the
 * custody log and the manifests agree.
 */
public final class CustodyVerifier {

    private final AuditStore store;
    private final ArchiveStore archive;
    private final SegmentReader reader;
    private final ChainVerifier chainVerifier = new ChainVerifier();

    /** @param archive the cold archive, or null when none is configured */
    public CustodyVerifier(AuditStore store, ArchiveStore archive, SegmentCompression compression) {
        this.store = requireNonNull(store, "store is null");
        this.archive = archive;
        this.reader = archive == null ? null : new SegmentReader(archive, requireNonNull(compression, "compression is null"));
    }

    /** The report for {@code eventId} (a UUID); not found when no tier holds it. */
    public ForensicsReport verify(String eventId) {
        requireNonNull(eventId, "eventId is null");
        List<String> mismatches = new ArrayList<>();
        Optional<AuditRecord> found = store.findById(eventId);
        Optional<RestoredRecords> restoredArea = store.restoredRecords();
        if (found.isEmpty() && restoredArea.isPresent()) {
            found = restoredArea.get().findById(eventId);
        }
        Map<String, SegmentScan> scans = new LinkedHashMap<>();
        if (found.isEmpty() && archive != null) {
            found = searchArchive(eventId, scans);
        }
        if (found.isEmpty()) {
            return new ForensicsReport(eventId, null, 0, null, List.of(), List.of("no tier holds event " + eventId));
        }
        AuditRecord r = found.get();
        ChainId chain = r.chain();
        Verification own = chainVerifier.verify(List.of(r.json()).iterator(), chain, -1, null);
        if (!own.valid()) {
            mismatches.add("the stored record does not check: " + own.reason());
        }
        List<ForensicsReport.Stage> stages = new ArrayList<>();
        CustodyEntry ingest = CustodyHashes.entry(eventId, r.recordHash(), CustodyStage.INGEST, r.recordedAt(),
                ChainTip.GENESIS_HASH, "ingest:" + chain, CustodyHashes.SERVICE_ACTOR);
        stages.add(new ForensicsReport.Stage(ingest, own.valid() ? null : own.reason()));
        CustodyEntry ledger = CustodyHashes.entry(eventId, r.recordHash(), CustodyStage.LEDGER, r.recordedAt(), ingest.hash(),
                "ledger:" + chain + "#" + r.seq(), CustodyHashes.SERVICE_ACTOR);
        stages.add(new ForensicsReport.Stage(ledger, own.valid() ? null : own.reason()));

        List<CustodyRange> rows = rows(chain, r.seq(), mismatches);
        String prev = ledger.hash();
        for (CustodyRange row : rows) {
            String problem = null;
            if (!CustodyHashes.rangeHash(row).equals(row.hash())) {
                problem = "custody row " + row.stage().wireName() + " " + row.firstSeq() + "-" + row.lastSeq() + " was altered (hash differs)";
            } else if (row.stage() == CustodyStage.ARCHIVE) {
                problem = checkArchived(r, row, scans);
            } else if (row.stage() == CustodyStage.RESTORE) {
                Optional<String> copy = restoredArea.flatMap(a -> {
                    try (Stream<String> s = a.streamJson(chain, r.seq(), r.seq())) {
                        return s.findFirst();
                    }
                });
                problem = copy.isEmpty() ? "the restored copy is missing"
                        : copy.get().equals(r.json()) ? null : "the restored copy differs from the record";
            }
            CustodyEntry e = CustodyHashes.entry(eventId, r.recordHash(), row.stage(), row.ts(), prev, row.location(), row.actor());
            stages.add(new ForensicsReport.Stage(e, problem));
            if (problem != null) {
                mismatches.add(row.stage().wireName() + ": " + problem);
            }
            prev = e.hash();
        }
        if (!own.valid()) {
            mismatches.add(0, "ingest/ledger: " + own.reason());
        }
        return new ForensicsReport(eventId, chain, r.seq(), r.recordHash(), stages, mismatches);
    }

    /** The custody rows covering the record: from the log and from the manifests, which must agree. */
    private List<CustodyRange> rows(ChainId chain, long seq, List<String> mismatches) {
        Map<String, CustodyRange> byHash = new LinkedHashMap<>();
        var log = store.custodyLog();
        log.ifPresent(l -> l.covering(chain, seq).forEach(row -> byHash.put(row.hash(), row)));
        if (archive != null) {
            for (ArchiveIndex.Entry e : ArchiveIndex.of(archive, chain)) {
                if (seq < e.firstSeq() || seq > e.lastSeq()) {
                    continue;
                }
                try {
                    reader.manifest(e.manifestKey()).ifPresent(m -> m.custody().forEach(row -> {
                        if (log.isPresent() && !byHash.containsKey(row.hash())) {
                            mismatches.add("archive: the manifest " + e.manifestKey() + " records a transition the custody log lacks");
                        }
                        byHash.putIfAbsent(row.hash(), row);
                    }));
                } catch (IllegalArgumentException ex) {
                    mismatches.add("archive: manifest " + e.manifestKey() + " is malformed: " + ex.getMessage());
                }
            }
        }
        List<CustodyRange> rows = new ArrayList<>(byHash.values());
        rows.sort(Comparator.comparing(CustodyRange::ts).thenComparing(r -> r.stage().ordinal()));
        return rows;
    }

    /** The archive stage of {@code r}: its segment read as far as it can be, and every problem named (ADR 0107). */
    private String checkArchived(AuditRecord r, CustodyRange row, Map<String, SegmentScan> scans) {
        if (archive == null) {
            return "no archive is configured to check " + row.location();
        }
        for (ArchiveIndex.Entry e : ArchiveIndex.of(archive, r.chain())) {
            if (e.firstSeq() == row.firstSeq() && e.lastSeq() == row.lastSeq()) {
                SegmentScan scan = scans.computeIfAbsent(e.segmentKey(), k -> reader.scan(e.manifestKey()));
                return ArchivedCopy.problem(scan, archive.location(e.segmentKey()), r, row, chainVerifier);
            }
        }
        return "no archived segment " + row.firstSeq() + "-" + row.lastSeq() + " at " + row.location();
    }

    /**
     * Looks for the event in the segments of the month its UUIDv7 names (and the next), damaged ones included: a
     * segment whose object no longer matches its manifest is read as far as it decodes, so an event whose own line
     * survived is found and its archive stage reports the damage.
     */
    private Optional<AuditRecord> searchArchive(String eventId, Map<String, SegmentScan> scans) {
        Instant t = uuidTime(eventId);
        if (t == null) {
            return Optional.empty();
        }
        var month = java.time.YearMonth.from(t.atZone(java.time.ZoneOffset.UTC));
        List<String> months = List.of(monthPath(month), monthPath(month.plusMonths(1)));
        for (var o : archive.list("")) {
            String key = o.key();
            if (!key.endsWith(ArchiveLayout.MANIFEST_SUFFIX) || months.stream().noneMatch(key::contains)) {
                continue;
            }
            SegmentScan scan = reader.scan(key);
            var at = scan.indexOf(eventId);
            if (at.isPresent()) {
                try {
                    AuditRecord r = StoredRecords.parse(scan.lines().get(at.getAsInt()));
                    scans.put(scan.segmentKey(), scan);
                    return Optional.of(r);
                } catch (IllegalArgumentException e) {
                    // the line names the id but is no longer a record: keep looking for an intact copy
                }
            }
        }
        return Optional.empty();
    }

    private static String monthPath(java.time.YearMonth m) {
        return String.format("/%04d/%02d/", m.getYear(), m.getMonthValue());
    }

    private static Instant uuidTime(String id) {
        try {
            java.util.UUID u = java.util.UUID.fromString(id);
            return u.version() == 7 ? Instant.ofEpochMilli(u.getMostSignificantBits() >>> 16) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
