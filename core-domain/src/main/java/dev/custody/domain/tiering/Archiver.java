package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ServiceChains;
import dev.custody.domain.chain.Sha256;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveObjectExistsException;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import dev.custody.ports.StoreCapability;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Moves contiguous seq ranges recorded before {@code now - archiveAfter} from the system of record to the
 * archive: one zstd NDJSON segment per month and at most {@code maxSegmentRecords} records, a manifest beside
 * it, both read back and checked ({@link SegmentReader}) before the records are removed from the system of
 * record (when it can purge; otherwise they stay, ADR 0052) in statements of at most {@code purgeBatch} rows. The
 * tip always stays warm, so the warm chain continues the archived one. A run that failed half-way is resumed: an
 * existing segment or manifest with the same content is reused, a different one stops the run. Records stream
 * into the compressor and the read-back is checked as it is decoded, so a segment is held only compressed (ADR
 * 0121); the work yields to live appends as {@link ArchivalPace} says (ADR 0122).
 */
public final class Archiver {

    private final AuditStore store;
    private final ArchiveStore archive;
    private final SegmentCompression compression;
    private final SegmentReader reader;
    private final ArchivalPolicy policy;
    private final Clock clock;
    private final ArchivalPace pace;

    /** At full speed, whatever else runs ({@link ArchivalPace#fullSpeed()}). */
    public Archiver(AuditStore store, ArchiveStore archive, SegmentCompression compression, ArchivalPolicy policy, Clock clock) {
        this(store, archive, compression, policy, clock, ArchivalPace.fullSpeed());
    }

    public Archiver(AuditStore store, ArchiveStore archive, SegmentCompression compression, ArchivalPolicy policy, Clock clock,
            ArchivalPace pace) {
        this.store = requireNonNull(store, "store is null");
        this.archive = requireNonNull(archive, "archive is null");
        this.compression = requireNonNull(compression, "compression is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.pace = requireNonNull(pace, "pace is null");
        this.reader = new SegmentReader(archive, compression);
    }

    /** Archives every chain of the system of record. */
    public List<ArchivalReport> archiveAll() {
        List<ArchivalReport> out = new ArrayList<>();
        for (ChainId chain : store.chains()) {
            try {
                out.add(archive(chain));
            } catch (ChainUnreadableException e) {
                // what was read of it stays warm; the other chains are archived
                out.add(new ArchivalReport(chain, List.of(), 0, 0, 0, "not archived, it cannot be read: " + e.getMessage()));
            }
        }
        return out;
    }

    /**
     * Archives what is due of {@code chain}.
     *
     * @throws ArchivalException when a segment cannot be written or does not check; records of that segment stay warm
     */
    public ArchivalReport archive(ChainId chain) {
        requireNonNull(chain, "chain is null");
        if (ServiceChains.isService(chain)) {
            return new ArchivalReport(chain, List.of(), 0, 0, 0,
                    "the service's own chains (namespace " + ServiceChains.NAMESPACE + ") stay in the system of record");
        }
        List<ArchiveIndex.Entry> index = ArchiveIndex.of(archive, chain);
        long lastSeq = 0;
        String lastHash = ChainTip.GENESIS_HASH;
        if (!index.isEmpty()) {
            ArchiveIndex.Entry last = index.get(index.size() - 1);
            ArchiveManifest m = reader.manifest(last.manifestKey())
                    .orElseThrow(() -> new ArchivalException("manifest " + last.manifestKey() + " vanished"));
            lastSeq = m.lastSeq();
            lastHash = m.lastRecordHash();
        }
        ChainTip tip = store.tip(chain);
        Instant cutoff = clock.instant().minus(policy.archiveAfter());
        ArchivalPace.Gate gate = pace.gate();
        long warmRemoved = removeLeftovers(chain, index, lastSeq, gate);
        List<String> written = new ArrayList<>();
        long archived = 0;
        String note = null;
        long upper = tip.seq() - 1;
        if (lastSeq < upper) {
            // two stages: while no live appends arrive, the next segment is read from the system of record while this
            // one is uploaded, read back and purged (ADR 0055); at most two compressed segments are held in memory.
            // While appends arrive, one stage at a time (ADR 0122).
            ExecutorService reading = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "custody-archive-read");
                t.setDaemon(true);
                return t;
            });
            final long startSeq = lastSeq;
            final String startHash = lastHash;
            final boolean mayStartLater = index.isEmpty();
            Future<Segment> next = reading.submit(() -> collect(chain, startSeq, startHash, upper, cutoff, mayStartLater));
            try {
                while (true) {
                    Segment seg = await(next);
                    next = null;
                    gate.startPiece();   // the wait was the reader's work, paced by its own gate
                    if (seg == null) {
                        break;
                    }
                    java.util.concurrent.Callable<Segment> following = seg.lastSeq() < upper
                            ? () -> collect(chain, seg.lastSeq(), seg.lastRecordHash(), upper, cutoff, false) : null;
                    if (following != null && pace.readAhead()) {
                        next = reading.submit(following);
                    }
                    ArchiveManifest m = writeAndCheck(chain, seg, gate);
                    written.add(m.file());
                    archived += m.count();
                    lastSeq = m.lastSeq();
                    lastHash = m.lastRecordHash();
                    try {
                        if (policy.keepWarm().isZero()) {
                            warmRemoved += purge(chain, seg.firstSeq(), lastSeq, gate);
                        }   // otherwise a later run removes them once their keep-warm period is over
                    } catch (AuditStoreException e) {
                        note = "archived records stay in the system of record: " + e.getMessage();
                        break;
                    }
                    if (following == null) {
                        break;
                    }
                    if (next == null) {
                        next = reading.submit(following);
                    }
                }
            } finally {
                if (next != null) {
                    next.cancel(false);
                }
                reading.shutdown();
                awaitQuietly(reading);
            }
        }
        if (note == null && archived > 0 && !store.capabilities().contains(StoreCapability.PURGE_BEFORE_SEQ)) {
            note = "the system of record cannot purge: archived records stay there too (ADR 0052)";
        }
        return new ArchivalReport(chain, written, archived, warmRemoved, lastSeq, note);
    }

    private static Segment await(Future<Segment> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchivalException("interrupted while reading the next segment");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new ArchivalException("reading the next segment failed: " + e.getCause());
        }
    }

    /** Waits for a read in flight to finish (it holds a cursor on the system of record). */
    private static void awaitQuietly(ExecutorService reading) {
        try {
            if (!reading.awaitTermination(5, TimeUnit.MINUTES)) {
                reading.shutdownNow();
            }
        } catch (InterruptedException e) {
            reading.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Removes the warm records through {@code lastSeq} (and any archived ones before {@code firstSeq}) in statements of
     * at most {@code purgeBatch} rows, so that no transaction holds the store long and live appends get in between.
     */
    private long purge(ChainId chain, long firstSeq, long lastSeq, ArchivalPace.Gate gate) {
        if (!store.capabilities().contains(StoreCapability.PURGE_BEFORE_SEQ)) {
            return 0;
        }
        long removed = 0;
        long batch = pace.settings().purgeBatch();
        for (long through = Math.min(lastSeq, firstSeq + batch - 1); ; through = Math.min(lastSeq, through + batch)) {
            long n = store.purgeBefore(chain, through + 1);
            removed += n;
            gate.passed(n);
            if (through >= lastSeq) {
                return removed;
            }
        }
    }

    /**
     * Archived records still in the system of record — kept warm ({@link ArchivalPolicy#keepWarm()}), or left by an
     * earlier run that stopped between check and purge: the segments holding them are checked again and compared
     * with the warm rows, and those of every segment verified at least {@code keepWarm} ago go.
     */
    private long removeLeftovers(ChainId chain, List<ArchiveIndex.Entry> index, long lastSeq, ArchivalPace.Gate gate) {
        if (lastSeq == 0 || !store.capabilities().contains(StoreCapability.PURGE_BEFORE_SEQ)) {
            return 0;
        }
        long firstWarm;
        try (Stream<AuditRecord> s = store.stream(chain, 1, lastSeq)) {
            firstWarm = s.findFirst().map(AuditRecord::seq).orElse(0L);
        }
        if (firstWarm == 0 || firstWarm >= store.tip(chain).seq()) {
            return 0;
        }
        Instant dueBefore = clock.instant().minus(policy.keepWarm());
        long through = 0;
        for (ArchiveIndex.Entry e : index) {
            if (e.lastSeq() < firstWarm) {
                continue;
            }
            SegmentCheck check = reader.check(e.manifestKey());
            if (!(check instanceof SegmentCheck.Intact intact)) {
                throw new ArchivalException("segment " + e.segmentKey() + " does not check: " + ((SegmentCheck.Broken) check).reason());
            }
            long from = Math.max(firstWarm, e.firstSeq());
            List<String> archivedLines = intact.lines().subList((int) (from - e.firstSeq()), intact.lines().size());
            List<String> warm;
            try (Stream<String> s = store.streamJson(chain, from, e.lastSeq())) {
                warm = s.toList();
            }
            if (!warm.equals(archivedLines)) {
                throw new ArchivalException("segment " + e.segmentKey() + " differs from the warm records it copies");
            }
            if (archivedAt(intact.manifest()).isAfter(dueBefore)) {
                break;   // this segment and every later one are still in their keep-warm period
            }
            through = e.lastSeq();
            gate.passed(warm.size());
        }
        return through == 0 ? 0 : purge(chain, firstWarm, through, gate);
    }

    /** When the segment was written and verified: its archive custody entries' time (the epoch when it has none). */
    private static Instant archivedAt(ArchiveManifest m) {
        return m.custody().stream().filter(c -> c.stage() == dev.custody.ports.CustodyStage.ARCHIVE)
                .map(dev.custody.ports.CustodyRange::ts).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    /** A segment read from the system of record: its records compressed, and what its manifest says of them. */
    private record Segment(YearMonth month, long firstSeq, long lastSeq, String firstPrevHash, String lastRecordHash,
            byte[] compressed, String merkleRoot, long count) {
    }

    /**
     * Reads the next segment's records and streams them into the compressor: memory is the compressed segment and
     * the codec's window. Null when nothing is due.
     */
    private Segment collect(ChainId chain, long lastSeq, String lastHash, long upper, Instant cutoff, boolean mayStartLater) {
        ArchivalPace.Gate gate = pace.gate();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(1 << 20);
        MerkleTree tree = new MerkleTree();
        YearMonth month = null;
        long first = 0;
        long last = 0;
        String firstPrev = null;
        String lastRecordHash = null;
        try (Stream<AuditRecord> s = store.stream(chain, lastSeq + 1, upper);
                OutputStream out = new BufferedOutputStream(compression.compressing(compressed), 1 << 16)) {
            Iterator<AuditRecord> it = s.iterator();
            while (it.hasNext() && tree.size() < policy.maxSegmentRecords()) {
                AuditRecord r = it.next();
                if (!r.recordedAt().isBefore(cutoff)) {
                    break;
                }
                YearMonth m = YearMonth.from(r.recordedAt().atZone(ZoneOffset.UTC));
                if (month == null) {
                    if (r.seq() != lastSeq + 1 && !mayStartLater) {
                        throw new ArchivalException("chain " + chain + ": the archive ends at seq " + lastSeq
                                + " but the system of record continues at seq " + r.seq());
                    }
                    if (r.seq() == lastSeq + 1 && !r.prevHash().equals(lastHash)) {
                        throw new ArchivalException("chain " + chain + ": seq " + r.seq() + " does not link to the archived seq "
                                + lastSeq + " (prev_hash differs)");
                    }
                    month = m;
                    first = r.seq();
                    firstPrev = r.prevHash();
                } else if (!m.equals(month) || r.seq() != last + 1) {
                    break;
                }
                byte[] line = r.json().getBytes(StandardCharsets.UTF_8);
                tree.add(line);
                out.write(line);
                out.write('\n');
                last = r.seq();
                lastRecordHash = r.recordHash();
                if (tree.size() % SegmentLines.PROGRESS_EVERY == 0) {
                    gate.passed(SegmentLines.PROGRESS_EVERY);
                }
            }
        } catch (IOException e) {
            throw new ArchivalException("chain " + chain + ": cannot compress the segment after seq " + lastSeq + ": " + e.getMessage(), e);
        }
        if (month == null) {
            return null;
        }
        return new Segment(month, first, last, firstPrev, lastRecordHash, compressed.toByteArray(), tree.rootHex(), tree.size());
    }

    private ArchiveManifest writeAndCheck(ChainId chain, Segment seg, ArchivalPace.Gate gate) {
        String key = ArchiveLayout.segmentKey(chain, seg.month(), seg.firstSeq(), seg.lastSeq());
        String manifestKey = ArchiveLayout.manifestKey(key);
        byte[] compressed = seg.compressed();
        String sha = Sha256.hex(compressed);
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        ArchivePut options = new ArchivePut("application/zstd", Map.of(
                "custody-namespace", chain.namespace(), "custody-tenant", chain.tenant(),
                "custody-first-seq", Long.toString(seg.firstSeq()), "custody-last-seq", Long.toString(seg.lastSeq()),
                "custody-merkle-root", seg.merkleRoot()),
                policy.retention().isZero() ? null : now.plus(policy.retention()), policy.legalHold());
        try {
            archive.put(key, compressed, options);
        } catch (ArchiveObjectExistsException e) {
            sha = existingCopy(chain, key, seg, sha);
        }
        gate.passed(0);
        CustodyRange custody = CustodyHashes.range(chain, seg.firstSeq(), seg.lastSeq(), CustodyStage.ARCHIVE, now,
                archive.location(key), policy.actor(), seg.merkleRoot());
        ArchiveManifest manifest = new ArchiveManifest(now, key, seg.count(), seg.firstSeq(), seg.lastSeq(),
                seg.firstPrevHash(), seg.lastRecordHash(), sha, seg.merkleRoot(), chain, compression.name(), List.of(custody));
        try {
            archive.put(manifestKey, ManifestJson.write(manifest),
                    new ArchivePut("application/json", Map.of("custody-segment-sha256", sha), options.retainUntil(), policy.legalHold()));
        } catch (ArchiveObjectExistsException e) {
            ArchiveManifest existing = reader.manifest(manifestKey).orElseThrow(() -> e);
            if (!existing.sha256().equals(sha) || !existing.merkleRoot().equals(seg.merkleRoot())) {
                throw new ArchivalException("manifest " + archive.location(manifestKey) + " already exists and describes other content");
            }
            manifest = existing;
        }
        SegmentCheck check = reader.verify(manifestKey, n -> gate.passed(SegmentLines.PROGRESS_EVERY));
        if (check instanceof SegmentCheck.Broken b) {
            throw new ArchivalException("read-back check of " + archive.location(key) + " failed: " + b.reason());
        }
        SegmentCheck.Intact intact = (SegmentCheck.Intact) check;
        if (!intact.manifest().equals(manifest)) {
            throw new ArchivalException("read-back of manifest " + archive.location(manifestKey) + " differs from what was written");
        }
        ArchiveManifest checked = intact.manifest();
        store.custodyLog().ifPresent(log -> checked.custody().forEach(log::append));
        gate.passed(0);
        return checked;
    }

    /**
     * The segment object is there already (an earlier attempt stopped before its manifest): it is reused when it holds
     * exactly these records — the same bytes, or (written by an earlier version, whose frames differ) records that
     * check against this segment's first link, count, last hash and Merkle root.
     *
     * @return the SHA-256 of the object to describe in the manifest
     */
    private String existingCopy(ChainId chain, String key, Segment seg, String sha) {
        Optional<ArchiveObject> existing = archive.head(key);
        if (existing.isPresent() && existing.get().sha256().equals(sha)) {
            return sha;
        }
        Optional<byte[]> bytes = archive.get(key);
        if (existing.isPresent() && bytes.isPresent()) {
            String theirs = Sha256.hex(bytes.get());
            ArchiveManifest candidate = new ArchiveManifest(clock.instant(), key, seg.count(), seg.firstSeq(), seg.lastSeq(),
                    seg.firstPrevHash(), seg.lastRecordHash(), theirs, seg.merkleRoot(), chain, compression.name(), List.of());
            if (reader.verify(key, candidate, n -> { }) instanceof SegmentCheck.Intact) {
                return theirs;
            }
        }
        throw new ArchivalException("segment " + archive.location(key) + " already exists with other content");
    }
}
