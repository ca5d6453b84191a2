package dev.custody.ports;

import java.util.List;

/**
 * The custody transitions recorded for ranges of records (archive, restore), append-only. Offered by a
 * system of record that can keep it ({@link AuditStore#custodyLog()}). Implementations are thread-safe and
 * throw {@link AuditStoreException} for unexpected failures.
 */
public interface CustodyLog {

    /**
     * Appends {@code range}, durably. A row with the same chain, stage and hash already present is kept
     * and nothing is added, so a retried archival records its transition once.
     *
     * @return true when added, false when it was already there
     */
    boolean append(CustodyRange range);

    /** Every row of {@code chain} in the order appended. */
    List<CustodyRange> ranges(ChainId chain);

    /** The rows of {@code chain} whose range holds {@code seq}, in the order appended. */
    default List<CustodyRange> covering(ChainId chain, long seq) {
        return ranges(chain).stream().filter(r -> r.covers(seq)).toList();
    }
}
