package dev.custody.adapters.redis;

import dev.custody.ports.AuditRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What a replica holds of one chain's recent stream: entries in stream order, and {@link #coveredFrom()}, the id
 * from which it holds every entry the stream had up to its {@link #last()} when it was read. Immutable: runs share a
 * backing array, and a run is extended in place only past the end of every run made from that array, so a run (and
 * every list {@link #select} returned) never changes under its reader.
 */
final class CachedRun {

    /** The shared backing array; {@code cum[i]} is the weight of {@code items[0..i)}. */
    private static final class Slab {
        final AuditRecord[] items;
        final long[] cum;
        int fill;   // guarded by this

        Slab(int capacity) {
            items = new AuditRecord[capacity];
            cum = new long[capacity + 1];
        }

        void put(AuditRecord r) {
            items[fill] = r;
            cum[fill + 1] = cum[fill] + RecordEntries.weight(r);
            fill++;
        }
    }

    private final Slab slab;
    private final int start;
    private final int end;
    private final StreamId coveredFrom;

    private CachedRun(Slab slab, int start, int end, StreamId coveredFrom) {
        this.slab = slab;
        this.start = start;
        this.end = end;
        this.coveredFrom = coveredFrom;
    }

    /** The entries of a read that started at {@code coveredFrom}, in stream order. */
    static CachedRun of(StreamId coveredFrom, List<AuditRecord> records) {
        return copy(coveredFrom, List.of(), null, records);
    }

    private static CachedRun copy(StreamId coveredFrom, List<AuditRecord> before, CachedRun middle, List<AuditRecord> after) {
        int n = before.size() + (middle == null ? 0 : middle.size()) + after.size();
        Slab s = new Slab(Math.max(16, n + n / 2));
        before.forEach(s::put);
        for (int i = 0; middle != null && i < middle.size(); i++) {
            s.put(middle.get(i));
        }
        after.forEach(s::put);
        return new CachedRun(s, 0, s.fill, coveredFrom);
    }

    StreamId coveredFrom() {
        return coveredFrom;
    }

    int size() {
        return end - start;
    }

    boolean isEmpty() {
        return end == start;
    }

    AuditRecord get(int i) {
        return slab.items[start + i];
    }

    AuditRecord first() {
        return get(0);
    }

    AuditRecord last() {
        return get(size() - 1);
    }

    /** Estimated heap of the entries ({@link RecordEntries#weight}). */
    long weight() {
        return slab.cum[end] - slab.cum[start];
    }

    /** The held record of {@code seq}, or null when none is. */
    AuditRecord bySeq(long seq) {
        if (isEmpty() || seq < first().seq() || seq > last().seq()) {
            return null;
        }
        AuditRecord r = get((int) (seq - first().seq()));
        return r.seq() == seq ? r : null;
    }

    /** Only the entries with {@code fromSeq <= seq <= toSeq}, from the same start. */
    CachedRun within(long fromSeq, long toSeq) {
        int a = search(i -> slab.items[i].seq() >= fromSeq);
        int b = Math.max(a, search(i -> slab.items[i].seq() > toSeq));
        return new CachedRun(slab, a, b, coveredFrom);
    }

    /**
     * This run with {@code before} in front and {@code after} behind, held from {@code newCoveredFrom}. In place when
     * nothing goes in front, this run ends where its array is filled, and at least half of the array is live; else
     * a copy.
     */
    CachedRun extended(List<AuditRecord> before, StreamId newCoveredFrom, List<AuditRecord> after) {
        if (before.isEmpty()) {
            synchronized (slab) {
                if (end == slab.fill && end + after.size() <= slab.items.length && start <= size()) {
                    after.forEach(slab::put);
                    return new CachedRun(slab, start, slab.fill, newCoveredFrom);
                }
            }
        }
        return copy(newCoveredFrom, before, this, after);
    }

    /** The newest entries that weigh at most {@code maxWeight}; held from the first one kept when any were dropped. */
    CachedRun trimmedTo(long maxWeight) {
        if (weight() <= maxWeight) {
            return this;
        }
        long floor = slab.cum[end] - maxWeight;
        int a = search(i -> slab.cum[i] >= floor);
        return a == end ? new CachedRun(slab, end, end, coveredFrom)
                : new CachedRun(slab, a, end, StreamId.of(slab.items[a]));
    }

    /**
     * The entries with {@code from <= recorded_at < to} and {@code seq > afterSeq}, at most {@code max}, as an
     * unmodifiable view (no copy).
     */
    List<AuditRecord> select(Instant from, Instant to, long afterSeq, int max) {
        int a = search(i -> slab.items[i].seq() > afterSeq && (from == null || !slab.items[i].recordedAt().isBefore(from)));
        int b = to == null ? end : Math.max(a, search(i -> !slab.items[i].recordedAt().isBefore(to)));
        b = (int) Math.min(b, (long) a + max);
        return Collections.unmodifiableList(Arrays.asList(slab.items).subList(a, b));
    }

    /** The first index in [start, end) where {@code p} holds ({@code p} is false, then true), or end. */
    private int search(IntPredicate p) {
        int lo = start;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (p.test(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
