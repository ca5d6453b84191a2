package dev.custody.domain.memory;

import dev.custody.ports.AppendBatches;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Chains as lists in the heap; one lock per chain. Conditional and atomic, not durable. */
public final class MemoryAuditStore implements AuditStore {

    /** The records still held of one chain; {@code records.get(i).seq() == firstSeq + i}. */
    private static final class Chain {
        final List<AuditRecord> records = new ArrayList<>();
        long firstSeq = 1;
        ChainTip tip = ChainTip.GENESIS;
    }

    private final ConcurrentHashMap<ChainId, Chain> chains = new ConcurrentHashMap<>();
    private final MemoryCustodyLog custodyLog = new MemoryCustodyLog();
    private final MemoryRestoredRecords restored = new MemoryRestoredRecords();

    @Override
    public java.util.Optional<dev.custody.ports.CustodyLog> custodyLog() {
        return java.util.Optional.of(custodyLog);
    }

    @Override
    public java.util.Optional<dev.custody.ports.RestoredRecords> restoredRecords() {
        return java.util.Optional.of(restored);
    }

    @Override
    public Set<StoreCapability> capabilities() {
        return EnumSet.of(StoreCapability.CONDITIONAL_APPEND, StoreCapability.PURGE_BEFORE_SEQ);
    }

    @Override
    public ChainTip tip(ChainId chain) {
        Chain c = chains.get(chain);
        if (c == null) {
            return ChainTip.GENESIS;
        }
        synchronized (c) {
            return c.tip;
        }
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        Chain c = chains.computeIfAbsent(chain, k -> new Chain());
        synchronized (c) {
            AppendBatches.check(chain, expected, batch);
            if (!c.tip.sameAs(expected)) {
                return new AppendResult.Conflict(c.tip);
            }
            c.records.addAll(batch);
            c.tip = ChainTip.of(batch.get(batch.size() - 1));
            return new AppendResult.Appended(c.tip);
        }
    }

    @Override
    public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        AppendBatches.checkRange(fromSeq, toSeq);
        Chain c = chains.get(chain);
        if (c == null) {
            return Stream.empty();
        }
        synchronized (c) {
            long from = Math.max(fromSeq, c.firstSeq);
            long to = Math.min(toSeq, c.tip.seq());
            if (from > to) {
                return Stream.empty();
            }
            return List.copyOf(c.records.subList((int) (from - c.firstSeq), (int) (to - c.firstSeq + 1))).stream();
        }
    }

    @Override
    public RecordPage query(RecordQuery query) {
        return RecordPage.restoredThenLive(query, restored.query(query), this::queryLive);
    }

    private RecordPage queryLive(RecordQuery query) {
        List<AuditRecord> matches = new ArrayList<>();
        try (Stream<AuditRecord> s = stream(query.chain(), query.afterSeq() + 1, Long.MAX_VALUE)) {
            s.filter(query::matches).limit(query.limit() + 1L).forEach(matches::add);
        }
        return RecordPage.fromLookahead(matches, query.limit());
    }

    @Override
    public Set<ChainId> chains() {
        Set<ChainId> out = new TreeSet<>();
        chains.forEach((id, c) -> {
            synchronized (c) {
                if (!c.tip.isGenesis()) {
                    out.add(id);
                }
            }
        });
        return out;
    }

    @Override
    public long purgeBefore(ChainId chain, long seq) {
        Chain c = chains.get(chain);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            long upTo = Math.min(seq, c.tip.seq()) - c.firstSeq;
            if (upTo <= 0) {
                return 0;
            }
            c.records.subList(0, (int) upTo).clear();
            c.firstSeq += upTo;
            return upTo;
        }
    }

    @Override
    public void close() {
        chains.clear();
    }
}
