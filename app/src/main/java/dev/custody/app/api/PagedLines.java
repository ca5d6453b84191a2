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
    private final java.util.function.UnaryOperator<String> view;

    PagedLines(java.util.function.Function<RecordQuery, RecordPage> source, RecordQuery query) {
        this(source, query, java.util.function.UnaryOperator.identity());
    }

    /** With every stored line shown through {@code view}. */
    PagedLines(java.util.function.Function<RecordQuery, RecordPage> source, RecordQuery query,
            java.util.function.UnaryOperator<String> view) {
        this.source = source;
        this.query = query;
        this.view = view;
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
        return view.apply(page.next().json());
    }
}
