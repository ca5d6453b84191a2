package dev.custody.domain.memory;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The memory store's restored area. */
final class MemoryRestoredRecords implements RestoredRecords {

    private final Map<ChainId, TreeMap<Long, AuditRecord>> byChain = new ConcurrentHashMap<>();

    @Override
    public synchronized long put(ChainId chain, List<AuditRecord> records) {
        TreeMap<Long, AuditRecord> m = byChain.computeIfAbsent(chain, c -> new TreeMap<>());
        long added = 0;
        for (AuditRecord r : records) {
            if (m.putIfAbsent(r.seq(), r) == null) {
                added++;
            }
        }
        return added;
    }

    @Override
    public synchronized Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        TreeMap<Long, AuditRecord> m = byChain.getOrDefault(chain, new TreeMap<>());
        return m.subMap(fromSeq, true, toSeq, true).values().stream().map(AuditRecord::json).toList().stream();
    }

    @Override
    public synchronized RecordPage query(RecordQuery query) {
        TreeMap<Long, AuditRecord> m = byChain.getOrDefault(query.chain(), new TreeMap<>());
        List<AuditRecord> matches = m.tailMap(query.afterSeq(), false).values().stream()
                .filter(query::matches).limit(query.limit() + 1L).toList();
        return RecordPage.fromLookahead(matches, query.limit());
    }

    @Override
    public synchronized Optional<AuditRecord> findById(String id) {
        return byChain.values().stream().flatMap(m -> m.values().stream()).filter(r -> r.id().equals(id)).findFirst();
    }
}
