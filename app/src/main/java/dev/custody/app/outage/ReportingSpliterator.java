package dev.custody.app.outage;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A store's lazy stream, whose failures while it reads (a day file that cannot be opened, a line that cannot be read)
 * are reported as those of its operation; what the consumer throws passes unchanged.
 */
final class ReportingSpliterator<T> implements Spliterator<T> {

    private final Spliterator<T> source;
    private final OutageReportingStore store;
    private final StoreOperation operation;
    /** True while the consumer runs: a failure then is the consumer's. */
    private boolean consuming;

    private ReportingSpliterator(Spliterator<T> source, OutageReportingStore store, StoreOperation operation) {
        this.source = source;
        this.store = store;
        this.operation = operation;
    }

    /** {@code source}, reporting its failures as those of {@code operation}; closing the result closes it. */
    static <T> Stream<T> stream(Stream<T> source, OutageReportingStore store, StoreOperation operation) {
        Spliterator<T> s = store.call(operation, source::spliterator);
        return StreamSupport.stream(new ReportingSpliterator<>(s, store, operation), false)
                .onClose(() -> store.call(operation, () -> {
                    source.close();
                    return null;
                }));
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
        try {
            return source.tryAdvance(t -> consume(action, t));
        } catch (RuntimeException e) {
            throw reported(e);
        }
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
        try {
            source.forEachRemaining(t -> consume(action, t));
        } catch (RuntimeException e) {
            throw reported(e);
        }
    }

    private void consume(Consumer<? super T> action, T t) {
        consuming = true;
        action.accept(t);
        consuming = false;
    }

    private RuntimeException reported(RuntimeException e) {
        if (consuming) {
            consuming = false;
            return e;
        }
        return store.reported(operation, e);
    }

    @Override
    public Spliterator<T> trySplit() {
        return null;   // read in order, on one thread
    }

    /** A lazily opened source opens here at the latest (the stream asks before it reads). */
    @Override
    public long estimateSize() {
        try {
            return source.estimateSize();
        } catch (RuntimeException e) {
            throw store.reported(operation, e);
        }
    }

    @Override
    public int characteristics() {
        try {
            return source.characteristics() & ~(SIZED | SUBSIZED | CONCURRENT);
        } catch (RuntimeException e) {
            throw store.reported(operation, e);
        }
    }
}
