package dev.custody.ports;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where audit records live: the system of record of one or more chains. Implementations are safe for
 * concurrent use by many threads. Every method throws {@link AuditStoreException} (or its subclass
 * {@link StoreUnavailableException}) for failures it did not expect, with the operation and chain
 * in the message; arguments that break the documented preconditions throw
 * {@link IllegalArgumentException} and change nothing. A stored record that cannot be read back fails the
 * operations on its chain with {@link ChainUnreadableException}, never those on other chains: a scan across
 * chains ({@link #findById}) skips such a chain.
 *
 * <p>A store reads back every record within {@link RecordLimits#MAX}: it configures no reader limit below it.
 *
 * <p>The store does not compute or check hashes: the domain builds valid records, and verification
 * reads them back. It does guarantee order and atomicity: a chain's records are stored in seq order
 * without gaps, and a batch is stored entirely or not at all.
 */
public interface AuditStore extends AutoCloseable {

    /** The optional abilities this store has; see {@link StoreCapability}. */
    Set<StoreCapability> capabilities();

    /** The newest record of {@code chain}, or {@link ChainTip#GENESIS} if it has none. */
    ChainTip tip(ChainId chain);

    /**
     * Appends {@code batch} to {@code chain} if and only if the chain's tip is still {@code expected}
     * (same seq and hash: {@link ChainTip#sameAs}). All records become durable together, or none does.
     *
     * @param batch non-empty; every record belongs to {@code chain}, the first has seq
     *     {@code expected.seq() + 1} and prev_hash {@code expected.recordHash()}, and each following
     *     record continues the previous one by seq and prev_hash
     * @return {@link AppendResult.Appended} with the new tip once the batch is durable, or
     *     {@link AppendResult.Conflict} with the actual tip if it had moved (nothing written)
     * @throws IllegalArgumentException when the batch breaks the rules above (nothing written)
     */
    AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch);

    /**
     * Appends a batch built on the chain's tip as it is while every writer of the chain, in every process, is held
     * off: the store takes a lock on the chain that its other appends (this method and {@link #append}) also take,
     * reads the tip, calls {@code encode} with it, and appends the records it returns (linked to that tip, as for
     * {@link #append}) before the lock is released. The append therefore cannot lose to another writer, and writers
     * of a contended chain queue instead of racing: the domain uses it after a conflict.
     *
     * @param encode the records to append after the tip it is given; an empty list appends nothing (the caller
     *     found, under the lock, that what it meant to append is stored already)
     * @return the records appended, durable; empty when {@code encode} returned none
     * @throws UnsupportedOperationException when the store does not declare {@link StoreCapability#SERIALIZED_APPEND}
     * @throws IllegalArgumentException when the encoded batch breaks the rules of {@link #append} (nothing written)
     */
    default List<AuditRecord> appendSerialized(ChainId chain, java.util.function.Function<ChainTip, List<AuditRecord>> encode) {
        throw new UnsupportedOperationException("this store cannot serialise the appends of a chain across writers "
                + "(it lacks SERIALIZED_APPEND)");
    }

    /**
     * The records of {@code chain} with {@code fromSeq <= seq <= toSeq}, in seq order. Records that
     * are no longer held (purged) or not yet written are simply absent. The caller must close the
     * stream; it reads lazily, so a whole chain can be streamed in constant memory.
     *
     * @throws IllegalArgumentException when fromSeq &lt; 1 or toSeq &lt; fromSeq
     */
    Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq);

    /** The whole chain in seq order, lazily; the caller must close the stream. */
    default Stream<AuditRecord> stream(ChainId chain) {
        return stream(chain, 1, Long.MAX_VALUE);
    }

    /**
     * The stored JSON of the records with {@code fromSeq <= seq <= toSeq}, in seq order, each exactly
     * as stored and hashed ({@link AuditRecord#json()}). Verification and export need nothing else, so
     * a store may answer this without building {@link AuditRecord}s. The caller must close the stream.
     *
     * @throws IllegalArgumentException when fromSeq &lt; 1 or toSeq &lt; fromSeq
     */
    default Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        return stream(chain, fromSeq, toSeq).map(AuditRecord::json);
    }

    /** The records with {@code fromSeq <= seq <= toSeq}, in seq order, read eagerly. */
    default List<AuditRecord> readRange(ChainId chain, long fromSeq, long toSeq) {
        try (Stream<AuditRecord> s = stream(chain, fromSeq, toSeq)) {
            return s.collect(Collectors.toList());
        }
    }

    /**
     * One page of the records of the query's chain that match it, in seq order. A store that keeps
     * {@link #restoredRecords() restored records} includes them (below the live rows, see
     * {@link RecordPage#restoredThenLive}).
     */
    RecordPage query(RecordQuery query);

    /**
     * The record with this id, if this store holds it. The default scans every chain; stores that can
     * look ids up faster (an index, or the time inside a UUIDv7) override it. A chain that cannot be read
     * ({@link ChainUnreadableException}) is skipped with a warning in the log, so one unreadable chain does not
     * fail the lookups of records in other chains.
     */
    default Optional<AuditRecord> findById(String id) {
        java.util.Objects.requireNonNull(id, "id is null");
        for (ChainId chain : chains()) {
            try (Stream<AuditRecord> s = stream(chain)) {
                Optional<AuditRecord> found = s.filter(r -> r.id().equals(id)).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            } catch (ChainUnreadableException e) {
                System.getLogger(AuditStore.class.getName()).log(System.Logger.Level.WARNING,
                        "Looking up a record by id skipped chain {0}: {1}", chain, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * For a backend that seals what it stores with a keyset of the {@link KeyStore}: how many stored records
     * each key sealed, so an operator sees what an older key still protects after a rotation. Empty for a
     * backend that does not encrypt. May read every record; meant for status commands, not hot paths.
     *
     * @throws AuditStoreException when the stored data cannot be read
     */
    default Optional<KeyUsage> keyUsage() {
        return Optional.empty();
    }

    /** Every chain that holds at least one record, in {@link ChainId} order. */
    Set<ChainId> chains();

    /**
     * Removes the records of {@code chain} with seq &lt; {@code seq} (retention). The tip is never
     * removed.
     *
     * @return how many records were removed
     * @throws UnsupportedOperationException when {@link #capabilities()} lacks
     *     {@link StoreCapability#PURGE_BEFORE_SEQ}
     */
    default long purgeBefore(ChainId chain, long seq) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot purge records");
    }

    /**
     * Hands the store the effective {@code immutable-audit} compliance flag, once at start, so that a store
     * able to refuse deletions itself (a database, inside its retention function) does so for every caller,
     * not only for the service. With the flag on such a store removes only records an archive keeps. A store
     * whose flag only its administrator may set (PostgreSQL unless it migrates as the schema owner) checks that
     * it agrees instead of writing it.
     *
     * @return true when the store now enforces the flag itself; false (the default) when only the domain does
     * @throws AuditStoreException when the store cannot record the flag
     * @throws dev.custody.ports.spi.ConfigurationException when the store holds the other value and may not
     *     change it; the message names what the administrator must run
     */
    default boolean enforceImmutableAudit(boolean immutable) {
        return false;
    }

    /**
     * The custody log of archive and restore transitions, when this store keeps one (a database does).
     * Empty by default: the transitions then live only in the archive manifests.
     */
    default Optional<CustodyLog> custodyLog() {
        return Optional.empty();
    }

    /**
     * Where records restored from a cold archive are kept for querying, when this store can keep them.
     * Empty by default: {@code custody archive restore} then fails saying so.
     */
    default Optional<RestoredRecords> restoredRecords() {
        return Optional.empty();
    }

    /** Releases files, locks and connections. Idempotent. */
    @Override
    void close();
}
