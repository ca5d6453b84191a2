package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.OptionalLong;

/**
 * One page of a {@link RecordQuery}: matching records in seq order and, when more may follow, the
 * cursor to ask for the next page with.
 *
 * @param records at most the query's limit, in ascending seq
 * @param nextAfterSeq the cursor for the next page, or 0 when this is the last page
 */
public record RecordPage(List<AuditRecord> records, long nextAfterSeq) {

    public RecordPage {
        records = List.copyOf(requireNonNull(records, "records is null"));
        if (nextAfterSeq < 0) {
            throw new IllegalArgumentException("nextAfterSeq must be >= 0");
        }
    }

    /** The cursor for the next page, empty on the last page. */
    public OptionalLong next() {
        return nextAfterSeq == 0 ? OptionalLong.empty() : OptionalLong.of(nextAfterSeq);
    }

    /**
     * The page a store answers after collecting up to {@code limit + 1} matches: when there are more
     * than {@code limit}, the extra one is dropped and the cursor points after the last kept record.
     */
    public static RecordPage fromLookahead(List<AuditRecord> matches, int limit) {
        if (matches.size() <= limit) {
            return new RecordPage(matches, 0);
        }
        List<AuditRecord> page = matches.subList(0, limit);
        return new RecordPage(page, page.get(limit - 1).seq());
    }

    /**
     * The page of a query over a chain whose oldest records were restored from a cold archive and are kept
     * apart from its live rows ({@link RestoredRecords}): every restored seq lies below the live ones, so
     * the restored matches come first, then the live ones, under one cursor. A store that offers a
     * restored area answers its {@link AuditStore#query} this way.
     *
     * @param restored the page the restored area answered for {@code query}
     * @param live answers a query over the live rows
     */
    public static RecordPage restoredThenLive(RecordQuery query, RecordPage restored, Function<RecordQuery, RecordPage> live) {
        if (restored.next().isPresent()) {
            return restored;
        }
        List<AuditRecord> got = restored.records();
        if (got.isEmpty()) {
            return live.apply(query);
        }
        long last = got.get(got.size() - 1).seq();
        int room = query.limit() - got.size();
        RecordPage more = live.apply(query.after(last).withLimit(Math.max(room, 1)));
        if (room == 0) {
            return new RecordPage(got, more.records().isEmpty() ? 0 : last);
        }
        List<AuditRecord> all = new ArrayList<>(got);
        all.addAll(more.records());
        return new RecordPage(all, more.nextAfterSeq());
    }
}
