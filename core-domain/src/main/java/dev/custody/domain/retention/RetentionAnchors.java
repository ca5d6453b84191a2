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
import java.util.OptionalLong;
import java.util.stream.Stream;

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
        return anchors(chain).filter(a -> a.deletedThroughSeq() == seq).map(Anchor::recordHash).findFirst();
    }

    /** A run that shortened the chain through seq N left its tip (retention never deletes it): it held N + 1. */
    @Override
    public OptionalLong heldThrough(ChainId chain) {
        return anchors(chain).mapToLong(a -> a.deletedThroughSeq() + 1).max();
    }

    /** What one retention record says of one chain. */
    private record Anchor(long deletedThroughSeq, String recordHash) {
    }

    /** Every anchor the retention records leave for {@code chain}, oldest first, read as the stream is consumed. */
    private Stream<Anchor> anchors(ChainId chain) {
        String name = chain.toString();
        // a run writes its retention record to custody/<tenant> when it touched one tenant, custody/system otherwise
        return Stream.of(ChainId.of(RetentionRunner.NAMESPACE, chain.tenant()),
                        ChainId.of(RetentionRunner.NAMESPACE, RetentionRunner.SYSTEM_TENANT))
                .flatMap(this::retentionRecords)
                .flatMap(r -> anchorsIn(r, name));
    }

    private Stream<AuditRecord> retentionRecords(ChainId chain) {
        RecordQuery first = RecordQuery.builder(chain).kind("retention").limit(RecordQuery.MAX_LIMIT).build();
        return Stream.iterate(store.query(first), page -> page != null,
                        page -> page.next().isEmpty() ? null : store.query(first.after(page.nextAfterSeq())))
                .flatMap(page -> page.records().stream());
    }

    private static Stream<Anchor> anchorsIn(AuditRecord r, String chain) {
        if (!(Json.parse(r.json(), RecordLimits.READER_MAX_DEPTH) instanceof Map<?, ?> record) || !(record.get("payload") instanceof Map<?, ?> payload)
                || !(payload.get("chains") instanceof List<?> chains)) {
            return Stream.empty();
        }
        return chains.stream()
                .filter(o -> o instanceof Map<?, ?> c && chain.equals(c.get("chain")) && c.get("deleted_through_seq") instanceof Number
                        && c.get("deleted_last_record_hash") instanceof String)
                .map(o -> (Map<?, ?>) o)
                .map(c -> new Anchor(((Number) c.get("deleted_through_seq")).longValue(), (String) c.get("deleted_last_record_hash")));
    }
}
