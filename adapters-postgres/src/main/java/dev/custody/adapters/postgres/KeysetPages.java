package dev.custody.adapters.postgres;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy stream over keyset pages ({@code seq > last ORDER BY seq LIMIT n}): each page is one short
 * query, so an open stream holds no connection and never blocks writers, and a chain of any length is
 * read in constant memory.
 */
final class KeysetPages<T> implements Iterator<T> {

    /** Reads up to {@code limit} items with seq in {@code (afterSeq, toSeq]}, in seq order. */
    @FunctionalInterface
    interface PageReader<T> {
        List<T> read(long afterSeq, long toSeq, int limit);
    }

    private final PageReader<T> reader;
    private final ToLongFunction<T> seqOf;
    private final long toSeq;
    private final int pageSize;
    private long after;
    private List<T> page = List.of();
    private int index;
    private boolean exhausted;

    private KeysetPages(PageReader<T> reader, ToLongFunction<T> seqOf, long fromSeq, long toSeq, int pageSize) {
        this.reader = reader;
        this.seqOf = seqOf;
        this.after = fromSeq - 1;
        this.toSeq = toSeq;
        this.pageSize = pageSize;
    }

    static <T> Stream<T> stream(PageReader<T> reader, ToLongFunction<T> seqOf, long fromSeq, long toSeq, int pageSize) {
        Iterator<T> it = new KeysetPages<>(reader, seqOf, fromSeq, toSeq, pageSize);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
    }

    @Override
    public boolean hasNext() {
        if (index < page.size()) {
            return true;
        }
        if (exhausted || after >= toSeq) {
            return false;
        }
        page = reader.read(after, toSeq, pageSize);
        index = 0;
        if (page.size() < pageSize) {
            exhausted = true;
        }
        if (!page.isEmpty()) {
            after = seqOf.applyAsLong(page.get(page.size() - 1));
        }
        return !page.isEmpty();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(index++);
    }
}
