package dev.custody.app.api;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Every record matching a query, as stored lines, fetched one page at a time as the reader advances. */
final class PagedLines implements Iterator<String> {

    private final java.util.function.Function<RecordQuery, RecordPage> source;
    private RecordQuery query;
    private Iterator<AuditRecord> page;
    private long next;

    PagedLines(java.util.function.Function<RecordQuery, RecordPage> source, RecordQuery query) {
        this.source = source;
        this.query = query;
        fetch();
    }

    private void fetch() {
        RecordPage p = source.apply(query);
        page = p.records().iterator();
        next = p.nextAfterSeq();
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && next > 0) {
            query = query.after(next);
            fetch();
        }
        return page.hasNext();
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.next().json();
    }
}
