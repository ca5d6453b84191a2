package dev.custody.app.outage;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.KeyUsage;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.spi.ConfigurationException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The system of record as the service sees it: whatever the store throws for a failure of its own (ADR 0129) leaves
 * as a {@link StoreFailedException}, an outage, after {@link StoreFailures} has counted it; so appends spool or answer
 * 503, reads answer 503, and health reports it, whatever the backend's exception was (an {@code AuditStoreException}
 * over "Too many open files", an {@code UncheckedIOException}, any {@code RuntimeException}). What is not a failure of
 * the store passes unchanged: a record it cannot read ({@link ChainUnreadableException}), the caller's mistakes
 * ({@link IllegalArgumentException}, {@link UnsupportedOperationException} for a capability it lacks, a
 * {@link ConfigurationException}), and whatever the caller's own code throws inside a call (a stream's consumer, the
 * encoder of {@link #appendSerialized}).
 */
public final class OutageReportingStore implements AuditStore {

    private final AuditStore store;
    private final StoreFailures failures;

    public OutageReportingStore(AuditStore store, StoreFailures failures) {
        this.store = requireNonNull(store, "store is null");
        this.failures = requireNonNull(failures, "failures is null");
    }

    /** The backend's store whose failures this one reports. */
    public AuditStore delegate() {
        return store;
    }

    /** Whether {@code e}, thrown by a store, is a failure of the store (the rest passes unchanged). */
    static boolean isFailure(RuntimeException e) {
        return !(e instanceof ChainUnreadableException || e instanceof IllegalArgumentException
                || e instanceof UnsupportedOperationException || e instanceof ConfigurationException);
    }

    /** Runs {@code call} of the store as {@code operation}. */
    <T> T call(StoreOperation operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw reported(operation, e);
        }
    }

    /** What to throw for {@code e}, thrown by the store during {@code operation}: an outage if it is a failure. */
    RuntimeException reported(StoreOperation operation, RuntimeException e) {
        return isFailure(e) ? failures.failed(operation, e) : e;
    }

    @Override
    public Set<StoreCapability> capabilities() {
        return call(StoreOperation.OTHER, store::capabilities);
    }

    @Override
    public ChainTip tip(ChainId chain) {
        return call(StoreOperation.TIP, () -> store.tip(chain));
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        return call(StoreOperation.APPEND, () -> store.append(chain, expected, batch));
    }

    /** What {@code encode} throws is the caller's, and leaves as it is. */
    @Override
    public List<AuditRecord> appendSerialized(ChainId chain, Function<ChainTip, List<AuditRecord>> encode) {
        RuntimeException[] encoder = new RuntimeException[1];
        try {
            return store.appendSerialized(chain, tip -> {
                try {
                    return encode.apply(tip);
                } catch (RuntimeException e) {
                    encoder[0] = e;
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            throw e == encoder[0] ? e : reported(StoreOperation.APPEND, e);
        }
    }

    @Override
    public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        return ReportingSpliterator.stream(call(StoreOperation.READ, () -> store.stream(chain, fromSeq, toSeq)), this,
                StoreOperation.READ);
    }

    @Override
    public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        return ReportingSpliterator.stream(call(StoreOperation.READ, () -> store.streamJson(chain, fromSeq, toSeq)), this,
                StoreOperation.READ);
    }

    @Override
    public List<AuditRecord> readRange(ChainId chain, long fromSeq, long toSeq) {
        return call(StoreOperation.READ, () -> store.readRange(chain, fromSeq, toSeq));
    }

    @Override
    public RecordPage query(RecordQuery query) {
        return call(StoreOperation.QUERY, () -> store.query(query));
    }

    @Override
    public Optional<AuditRecord> findById(String id) {
        return call(StoreOperation.FIND, () -> store.findById(id));
    }

    @Override
    public Optional<KeyUsage> keyUsage() {
        return call(StoreOperation.OTHER, store::keyUsage);
    }

    @Override
    public Set<ChainId> chains() {
        return call(StoreOperation.LIST, store::chains);
    }

    @Override
    public long purgeBefore(ChainId chain, long seq) {
        return call(StoreOperation.PURGE, () -> store.purgeBefore(chain, seq));
    }

    @Override
    public boolean enforceImmutableAudit(boolean immutable) {
        return call(StoreOperation.OTHER, () -> store.enforceImmutableAudit(immutable));
    }

    @Override
    public Optional<CustodyLog> custodyLog() {
        return call(StoreOperation.CUSTODY_LOG, store::custodyLog).map(log -> new ReportingCustodyLog(log, this));
    }

    @Override
    public Optional<RestoredRecords> restoredRecords() {
        return call(StoreOperation.RESTORED, store::restoredRecords).map(r -> new ReportingRestoredRecords(r, this));
    }

    /** Closing is not an operation that serves anything: what it throws passes unchanged. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
