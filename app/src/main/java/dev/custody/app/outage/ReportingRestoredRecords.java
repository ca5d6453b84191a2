package dev.custody.app.outage;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The store's restored records, their failures reported as those of {@link StoreOperation#RESTORED}. */
record ReportingRestoredRecords(RestoredRecords records, OutageReportingStore store) implements RestoredRecords {

    @Override
    public long put(ChainId chain, List<AuditRecord> batch) {
        return store.call(StoreOperation.RESTORED, () -> records.put(chain, batch));
    }

    @Override
    public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        return ReportingSpliterator.stream(store.call(StoreOperation.RESTORED, () -> records.streamJson(chain, fromSeq, toSeq)),
                store, StoreOperation.RESTORED);
    }

    @Override
    public RecordPage query(RecordQuery query) {
        return store.call(StoreOperation.RESTORED, () -> records.query(query));
    }

    @Override
    public Optional<AuditRecord> findById(String id) {
        return store.call(StoreOperation.RESTORED, () -> records.findById(id));
    }
}
