package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainAnchors;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordLimits;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The anchors retention leaves: each {@code retention} record (namespace {@code custody}) names, per chain it
 * shortened, the last deleted seq and its {@code record_hash}; the oldest retained record must link to it.
 */
public final class RetentionAnchors implements ChainAnchors {

    private final AuditStore store;

    public RetentionAnchors(AuditStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public Optional<String> recordHashOf(ChainId chain, long seq) {
        String name = chain.toString();
        // a run writes its retention record to custody/<tenant> when it touched one tenant, custody/system otherwise
        for (ChainId c : List.of(ChainId.of(RetentionRunner.NAMESPACE, chain.tenant()),
                ChainId.of(RetentionRunner.NAMESPACE, RetentionRunner.SYSTEM_TENANT))) {
            RecordQuery q = RecordQuery.builder(c).kind("retention").limit(RecordQuery.MAX_LIMIT).build();
            while (true) {
                RecordPage page = store.query(q);
                for (AuditRecord r : page.records()) {
                    Optional<String> hash = anchorIn(r, name, seq);
                    if (hash.isPresent()) {
                        return hash;
                    }
                }
                if (page.next().isEmpty()) {
                    break;
                }
                q = q.after(page.nextAfterSeq());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> anchorIn(AuditRecord r, String chain, long seq) {
        if (!(Json.parse(r.json(), RecordLimits.READER_MAX_DEPTH) instanceof Map<?, ?> record) || !(record.get("payload") instanceof Map<?, ?> payload)
                || !(payload.get("chains") instanceof List<?> chains)) {
            return Optional.empty();
        }
        for (Object o : chains) {
            if (o instanceof Map<?, ?> c && chain.equals(c.get("chain")) && c.get("deleted_through_seq") instanceof Number n
                    && n.longValue() == seq && c.get("deleted_last_record_hash") instanceof String h) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
