package dev.custody.domain.chain;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A store that forwards to another, for tests that intercept one method. */
class ForwardingStore implements AuditStore {
    final AuditStore delegate;

    ForwardingStore(AuditStore delegate) {
        this.delegate = delegate;
    }

    @Override public Set<StoreCapability> capabilities() { return delegate.capabilities(); }
    @Override public ChainTip tip(ChainId chain) { return delegate.tip(chain); }
    @Override public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        return delegate.append(chain, expected, batch);
    }
    @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        return delegate.stream(chain, fromSeq, toSeq);
    }
    @Override public RecordPage query(RecordQuery query) { return delegate.query(query); }
    @Override public Set<ChainId> chains() { return delegate.chains(); }
    @Override public void close() { delegate.close(); }
}
