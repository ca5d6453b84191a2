package dev.custody.app.hot;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.KeyUsage;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.hot.HotTier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The system of record, seen by the appender: every batch that became durable is then handed to the hot tier
 * (without waiting for it), so the hot tier holds exactly what the system of record holds, written after it.
 * {@link #close()} does not close the store; its owner does.
 */
public final class HotFeedingStore implements AuditStore {

    private final AuditStore store;
    private final HotTier hot;

    public HotFeedingStore(AuditStore store, HotTier hot) {
        this.store = requireNonNull(store, "store is null");
        this.hot = requireNonNull(hot, "hot is null");
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        AppendResult result = store.append(chain, expected, batch);
        if (result instanceof AppendResult.Appended) {
            hot.recordStored(chain, batch);
        }
        return result;
    }

    @Override
    public List<AuditRecord> appendSerialized(ChainId chain, java.util.function.Function<ChainTip, List<AuditRecord>> encode) {
        List<AuditRecord> stored = store.appendSerialized(chain, encode);
        if (!stored.isEmpty()) {
            hot.recordStored(chain, stored);
        }
        return stored;
    }

    @Override
    public Set<StoreCapability> capabilities() {
        return store.capabilities();
    }

    @Override
    public ChainTip tip(ChainId chain) {
        return store.tip(chain);
    }

    @Override
    public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        return store.stream(chain, fromSeq, toSeq);
    }

    @Override
    public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        return store.streamJson(chain, fromSeq, toSeq);
    }

    @Override
    public List<AuditRecord> readRange(ChainId chain, long fromSeq, long toSeq) {
        return store.readRange(chain, fromSeq, toSeq);
    }

    @Override
    public RecordPage query(RecordQuery query) {
        return store.query(query);
    }

    @Override
    public Optional<AuditRecord> findById(String id) {
        return store.findById(id);
    }

    @Override
    public Optional<KeyUsage> keyUsage() {
        return store.keyUsage();
    }

    @Override
    public Set<ChainId> chains() {
        return store.chains();
    }

    @Override
    public long purgeBefore(ChainId chain, long seq) {
        return store.purgeBefore(chain, seq);
    }

    @Override
    public boolean enforceImmutableAudit(boolean immutable) {
        return store.enforceImmutableAudit(immutable);
    }

    @Override
    public Optional<CustodyLog> custodyLog() {
        return store.custodyLog();
    }

    @Override
    public Optional<RestoredRecords> restoredRecords() {
        return store.restoredRecords();
    }

    @Override
    public void close() {
        // the runtime closes the store itself
    }
}
