package dev.custody.domain.spool;

import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.StoreUnavailableException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A memory store that can be taken down (every call throws {@link StoreUnavailableException}) and can lose the
 * acknowledgement of the next appends (they are stored, then the call throws, as a connection cut mid-commit).
 */
final class FlakyStore implements AuditStore {

    final MemoryAuditStore delegate = new MemoryAuditStore();
    volatile boolean down;
    final AtomicInteger lostAcks = new AtomicInteger();
    final AtomicInteger appends = new AtomicInteger();
    /** The next append is held, not stored, and times out; it is stored after {@link #tipsBeforeHeldLands} tip reads. */
    volatile boolean holdNextAppend;
    final AtomicInteger tipsBeforeHeldLands = new AtomicInteger(-1);
    private volatile Runnable held;

    private void check(String op) {
        if (down) {
            throw new StoreUnavailableException(op + ": connection refused (flaky test store)");
        }
    }

    @Override public Set<StoreCapability> capabilities() { return delegate.capabilities(); }
    @Override
    public ChainTip tip(ChainId chain) {
        check("tip");
        ChainTip tip = delegate.tip(chain);
        if (held != null && tipsBeforeHeldLands.decrementAndGet() == 0) {   // the network delivers the held bytes
            held.run();
            held = null;
        }
        return tip;
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        check("append");
        if (holdNextAppend) {
            holdNextAppend = false;
            held = () -> delegate.append(chain, expected, batch);
            throw new StoreUnavailableException("append: read timed out (flaky test store holds the request)");
        }
        AppendResult r = delegate.append(chain, expected, batch);
        appends.incrementAndGet();
        if (r instanceof AppendResult.Appended && lostAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreUnavailableException("append: connection reset after commit (flaky test store)");
        }
        return r;
    }

    @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        check("stream");
        return delegate.stream(chain, fromSeq, toSeq);
    }
    @Override public RecordPage query(RecordQuery query) { check("query"); return delegate.query(query); }
    @Override public Set<ChainId> chains() { check("chains"); return delegate.chains(); }
    @Override public void close() { delegate.close(); }
}
