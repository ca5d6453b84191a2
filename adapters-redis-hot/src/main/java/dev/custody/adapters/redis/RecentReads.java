package dev.custody.adapters.redis;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads of recent records (ADR 0112). With the cache on, a chain read before is read incrementally: one script
 * fetches only the entries after those held (and any missing before them) together with the stream's first and last
 * ids; what is held is checked against those and served from memory. A first read, a window after everything held,
 * or a stream that changed under what is held (deleted, recreated, trimmed past it) is read whole, as without the
 * cache. Throws Lettuce's exceptions; the tier decides about the fallback.
 */
final class RecentReads {

    /** Most entries one XRANGE asks for (≈ 9 MB of the largest records). */
    static final int PAGE = 10_000;

    private final RedisLink link;
    private final RedisKeys keys;
    private final RecentCache cache;

    RecentReads(RedisLink link, RedisKeys keys, RecentCache cache) {
        this.link = link;
        this.keys = keys;
        this.cache = cache;
    }

    /** Forgets what is held (Redis may have lost or changed it while unreachable). */
    void forget() {
        cache.clear();
    }

    List<AuditRecord> read(ChainId chain, Instant from, Instant to, long afterSeq, int max) {
        StreamId lower = StreamId.startOf(from);
        if (!cache.enabled()) {
            return uncached(chain, Range.Boundary.including(lower.toString()), from, to, afterSeq, max);
        }
        CachedRun run = cache.get(chain);
        if (run == null || lower.compareTo(StreamId.of(run.last())) > 0) {
            return whole(chain, lower, from, to, afterSeq, max);
        }
        boolean before = lower.compareTo(run.coveredFrom()) < 0;
        if (before && to != null && to.toEpochMilli() < run.coveredFrom().ms()) {
            // the window ends before what is held: read it and leave the cache as it is
            return uncached(chain, Range.Boundary.including(lower.toString()), from, to, afterSeq, max);
        }
        int page = page(max);
        List<Object> reply = link.eval(ReadScript.SCRIPT, ScriptOutputType.MULTI, new String[] {keys.recent(chain)},
                StreamId.of(run.first()).toString(), before ? lower.toString() : "-", before ? run.coveredFrom().exclusive() : "",
                StreamId.of(run.last()).exclusive(), to == null ? "+" : Long.toString(to.toEpochMilli()),
                Integer.toString(page), Integer.toString(PAGE));
        if (reply.isEmpty()) {
            cache.remove(chain);     // no stream: expired, deleted, or Redis restarted empty
            return List.of();
        }
        List<AuditRecord> earlier = records(chain, reply.get(3));
        List<AuditRecord> later = records(chain, reply.get(4));
        if (earlier.size() == page) {
            // more is missing before what is held than one read brings: answer without joining them
            return answer(chain, CachedRun.of(lower, earlier), true, from, to, afterSeq, max);
        }
        String prior = (String) reply.get(2);
        CachedRun merged = merge(run, StreamId.parse((String) reply.get(0)), StreamId.parse((String) reply.get(1)),
                prior.isEmpty() ? null : StreamId.parse(prior), earlier, before ? lower : run.coveredFrom(), later);
        if (merged == null) {
            return whole(chain, lower, from, to, afterSeq, max);
        }
        cache.put(chain, merged);
        return answer(chain, merged, later.size() == PAGE, from, to, afterSeq, max);
    }

    /**
     * What is held, restricted to what the stream holds now, with the entries read before and after it; null when what
     * is held is not exactly what the stream holds from {@code run.coveredFrom()} to its last entry. A stream holds
     * contiguous seqs in id order and a seq is one record, so the stream's first and last ids say which of the held
     * entries it still holds (and, compared with the held entries of those seqs, whether they are the same records),
     * and the id of the entry before the first held says whether it holds one that was not held.
     */
    private static CachedRun merge(CachedRun run, StreamId first, StreamId last, StreamId prior,
            List<AuditRecord> earlier, StreamId coveredFrom, List<AuditRecord> later) {
        AuditRecord atFirst = run.bySeq(first.seq());
        AuditRecord atLast = run.bySeq(last.seq());
        if (atFirst != null && !StreamId.of(atFirst).equals(first) || atLast != null && !StreamId.of(atLast).equals(last)
                || prior != null && prior.compareTo(run.coveredFrom()) >= 0) {
            return null;
        }
        return run.within(first.seq(), last.seq()).extended(earlier, coveredFrom, later);
    }

    /** Reads the window from its start and holds what it read instead of what was held. */
    private List<AuditRecord> whole(ChainId chain, StreamId lower, Instant from, Instant to, long afterSeq, int max) {
        int page = page(max);
        List<AuditRecord> got = xrange(chain, Range.Boundary.including(lower.toString()), to, page);
        if (got.isEmpty()) {
            cache.remove(chain);
            return List.of();
        }
        CachedRun run = CachedRun.of(lower, got);
        cache.put(chain, run);
        return answer(chain, run, got.size() == page, from, to, afterSeq, max);
    }

    /** The window's records in {@code run}, continued from Redis when the run stopped short of the window's end. */
    private List<AuditRecord> answer(ChainId chain, CachedRun run, boolean more, Instant from, Instant to,
            long afterSeq, int max) {
        List<AuditRecord> held = run.select(from, to, afterSeq, max);
        if (held.size() == max || !more || to != null && !run.last().recordedAt().isBefore(to)) {
            return held;
        }
        List<AuditRecord> out = new ArrayList<>(held);
        out.addAll(uncached(chain, Range.Boundary.excluding(StreamId.of(run.last()).toString()), from, to, afterSeq,
                max - held.size()));
        return out;
    }

    /** Pages through the window from {@code lower}, holding nothing. */
    private List<AuditRecord> uncached(ChainId chain, Range.Boundary<String> lower, Instant from, Instant to,
            long afterSeq, int max) {
        List<AuditRecord> out = new ArrayList<>(Math.min(max, 1024));
        int page = page(max);
        while (out.size() < max) {
            List<AuditRecord> batch = xrange(chain, lower, to, page);
            for (AuditRecord r : batch) {
                if (r.seq() > afterSeq && (from == null || !r.recordedAt().isBefore(from))
                        && (to == null || r.recordedAt().isBefore(to))) {
                    out.add(r);
                    if (out.size() == max) {
                        return out;
                    }
                }
            }
            if (batch.size() < page) {
                return out;
            }
            lower = Range.Boundary.excluding(StreamId.of(batch.get(batch.size() - 1)).toString());
        }
        return out;
    }

    private List<AuditRecord> xrange(ChainId chain, Range.Boundary<String> lower, Instant to, int count) {
        Range.Boundary<String> upper = to == null ? Range.Boundary.unbounded() : Range.Boundary.including(Long.toString(to.toEpochMilli()));
        List<StreamMessage<String, String>> got = link.sync().xrange(keys.recent(chain), Range.from(lower, upper), Limit.from(count));
        List<AuditRecord> out = new ArrayList<>(got.size());
        for (StreamMessage<String, String> m : got) {
            out.add(RecordEntries.toRecord(chain, m.getId(), m.getBody()));
        }
        return out;
    }

    /** One XRANGE for what a read asks, within {@link #PAGE}. */
    private static int page(int max) {
        return Math.min(Math.max(max, 64), PAGE);
    }

    /** The entries of a script reply, each {@code {id, {field, value, ...}}}. */
    @SuppressWarnings("unchecked")
    private static List<AuditRecord> records(ChainId chain, Object reply) {
        List<Object> entries = (List<Object>) reply;
        List<AuditRecord> out = new ArrayList<>(entries.size());
        for (Object e : entries) {
            List<Object> entry = (List<Object>) e;
            List<Object> fields = (List<Object>) entry.get(1);
            Map<String, String> body = new HashMap<>(4);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                body.put((String) fields.get(i), (String) fields.get(i + 1));
            }
            out.add(RecordEntries.toRecord(chain, (String) entry.get(0), body));
        }
        return out;
    }
}
