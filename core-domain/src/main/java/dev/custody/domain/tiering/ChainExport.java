package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainAnchors;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A chain as stored, across tiers, in seq order (ADR 0105): the archived segments that hold part of the range,
 * each read and checked against its manifest just before its lines are given out, then the system of record's
 * rows after the last archived seq (warm rows an archived segment also holds are given once, from the segment).
 * One segment is in memory at a time. The hot tier adds nothing: it only holds copies of stored records, and
 * events waiting in its async ingest buffer have no seq yet.
 *
 * <p>A segment that does not check, or seqs between two tiers that are in neither (and that no retention record
 * accounts for), end the stream with {@link ArchiveDamagedException} naming the segment or range: an export is
 * never silently shorter than the chain.
 */
public final class ChainExport {

    private final ArchiveStore archive;
    private final SegmentReader reader;

    /** @param archive the cold archive, or null when none is configured (then only the system of record is read) */
    public ChainExport(ArchiveStore archive, SegmentCompression compression) {
        this.archive = archive;
        this.reader = archive == null ? null : new SegmentReader(archive, requireNonNull(compression, "compression is null"));
    }

    /** An export of the system of record alone, for a service without a cold archive. */
    public static ChainExport systemOfRecordOnly() {
        return new ChainExport(null, null);
    }

    /**
     * The stored lines of {@code chain} with seq {@code fromSeq..toSeq}, exactly as hashed, in seq order; lazy, so
     * close the stream. Records below the oldest one held (deleted by retention) are simply not there.
     *
     * @param anchors what retention recorded of deleted records: a gap between the archive and the warm rows is
     *     accepted only when they account for it
     * @throws IllegalArgumentException when the range is malformed
     * @throws ArchiveDamagedException (while streaming) when a segment does not check or a range is missing
     */
    public Stream<String> lines(AuditStore store, ChainId chain, long fromSeq, long toSeq, ChainAnchors anchors) {
        requireNonNull(store, "store is null");
        requireNonNull(chain, "chain is null");
        requireNonNull(anchors, "anchors is null");
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("invalid range " + fromSeq + ".." + toSeq);
        }
        if (archive == null) {
            return store.streamJson(chain, fromSeq, toSeq);
        }
        Cursor cursor = new Cursor(store, chain, fromSeq, toSeq, anchors);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(cursor::close);
    }

    /** Walks the segments, then the warm rows; goes back to the archive when archival moved rows meanwhile. */
    private final class Cursor implements Iterator<String> {
        private final AuditStore store;
        private final ChainId chain;
        private final long toSeq;
        private final ChainAnchors anchors;
        private final Deque<ArchiveIndex.Entry> segments = new ArrayDeque<>();
        private long next;                 // the seq the next line must have, once one was given out from the archive
        private boolean fromArchive;       // whether a segment gave lines (then every later seq is accounted for)
        private Iterator<String> current = List.<String>of().iterator();
        private Stream<String> warm;
        private boolean warmRead;          // the warm rows are being given out: nothing follows them
        private boolean done;

        Cursor(AuditStore store, ChainId chain, long fromSeq, long toSeq, ChainAnchors anchors) {
            this.store = store;
            this.chain = chain;
            this.toSeq = toSeq;
            this.anchors = anchors;
            this.next = fromSeq;
            segments.addAll(overlapping(fromSeq, toSeq));
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (done) {
                    return false;
                }
                if (!segments.isEmpty()) {
                    read(segments.poll());
                } else if (!warmRead && next <= toSeq) {
                    openWarm();
                } else {
                    done = true;
                }
            }
            return true;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        private List<ArchiveIndex.Entry> overlapping(long from, long to) {
            return ArchiveIndex.of(archive, chain).stream().filter(e -> e.lastSeq() >= from && e.firstSeq() <= to).toList();
        }

        private void read(ArchiveIndex.Entry e) {
            String location = archive.location(e.segmentKey());
            if (fromArchive && e.firstSeq() != next) {
                throw new ArchiveDamagedException(location, e.firstSeq() > next
                        ? "seq " + next + ".." + (e.firstSeq() - 1) + " of " + chain + " are in no archived segment (the next one, "
                                + location + ", starts at seq " + e.firstSeq() + ")"
                        : "archived segment " + location + " overlaps the previous one (it starts at seq " + e.firstSeq()
                                + ", the previous one ends at seq " + (next - 1) + ")");
            }
            SegmentCheck check = reader.check(e.manifestKey());
            if (check instanceof SegmentCheck.Broken b) {
                throw new ArchiveDamagedException(location, "archived segment " + location + " does not check: " + b.reason()
                        + (b.recordId() == null ? "" : " (record " + b.recordId() + ")"));
            }
            SegmentCheck.Intact ok = (SegmentCheck.Intact) check;
            if (ok.manifest().firstSeq() != e.firstSeq() || ok.manifest().lastSeq() != e.lastSeq()) {
                throw new ArchiveDamagedException(location, "archived segment " + location + " does not check: its manifest says seq "
                        + ok.manifest().firstSeq() + "-" + ok.manifest().lastSeq());
            }
            long first = Math.max(next, e.firstSeq());
            long last = Math.min(toSeq, e.lastSeq());
            current = ok.lines().subList((int) (first - e.firstSeq()), (int) (last - e.firstSeq() + 1)).iterator();
            next = last + 1;
            fromArchive = true;
        }

        /** The warm rows from {@code next}; when they start later, archival may have moved the rows in between. */
        private void openWarm() {
            warm = store.streamJson(chain, next, toSeq);
            Iterator<String> rows = warm.iterator();
            if (!rows.hasNext()) {
                warmRead = true;
                return;
            }
            String first = rows.next();
            long seq = StoredRecords.parse(first).seq();
            if (seq > next) {
                List<ArchiveIndex.Entry> moved = overlapping(next, seq - 1);
                if (!moved.isEmpty()) {
                    closeWarm();
                    segments.addAll(moved);
                    return;
                }
                if (fromArchive && anchors.recordHashOf(chain, seq - 1).isEmpty()) {
                    throw new ArchiveDamagedException(null, "seq " + next + ".." + (seq - 1) + " of " + chain
                            + " are neither archived nor in the system of record (the archive ends at seq " + (next - 1) + ")");
                }
            }
            current = new Iterator<>() {
                private String head = first;

                @Override
                public boolean hasNext() {
                    return head != null || rows.hasNext();
                }

                @Override
                public String next() {
                    if (head == null) {
                        return rows.next();
                    }
                    String h = head;
                    head = null;
                    return h;
                }
            };
            warmRead = true;
        }

        private void closeWarm() {
            if (warm != null) {
                Stream<String> w = warm;
                warm = null;
                w.close();
            }
        }

        void close() {
            done = true;
            closeWarm();
        }
    }
}
