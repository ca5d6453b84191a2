package dev.custody.ports;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Records brought back from a cold archive for querying, kept apart from the chain's live rows (which stay
 * append-only and conditional on the tip). Offered by a system of record that can keep them
 * ({@link AuditStore#restoredRecords()}). Thread-safe; unexpected failures throw {@link AuditStoreException}.
 */
public interface RestoredRecords {

    /**
     * Adds verified records of {@code chain}; records already restored (same chain and seq) are left as they
     * are.
     *
     * @return how many were added
     */
    long put(ChainId chain, List<AuditRecord> records);

    /** The stored JSON of the restored records of {@code chain} with {@code fromSeq <= seq <= toSeq}, in seq order. */
    Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq);

    /**
     * One page of the restored records of the query's chain that match it, in seq order (the cursor and
     * every filter as {@link RecordQuery#matches} defines them).
     */
    RecordPage query(RecordQuery query);

    /** The restored record with this id, if any. */
    Optional<AuditRecord> findById(String id);
}
