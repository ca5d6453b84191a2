package dev.custody.ports.hot;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Fast, short-lived state beside the system of record: recent records per chain, an ingest buffer for
 * asynchronous writes, idempotency keys and sliding-window counters. Implementations are thread-safe.
 *
 * <p>The hot tier is never the system of record and never makes a write fail: when its backend is
 * unreachable it serves from a bounded in-process fallback and reports {@link HotTierStatus#degraded()}
 * until the backend answers again. The exception is {@link #enqueue}: an ingest buffer that is not
 * durable is no buffer, so it throws {@link HotTierUnavailableException} and the caller writes
 * synchronously instead.
 */
public interface HotTier extends AutoCloseable {

    /**
     * Adds records that the system of record has just stored (one chain, contiguous, in seq order). The
     * hot tier keeps them for its retention and counts them in the window counters. Repeated records (seq at
     * or below the newest held) are ignored, so feeding twice counts once. A gap (the first seq is not the
     * newest held + 1) restarts {@link #coverage} after the gap. Never throws for backend failures.
     *
     * @return completes when the records are held (by the backend, or by the fallback when degraded);
     *     never completes exceptionally
     * @throws IllegalArgumentException when the records are not contiguous records of {@code chain}
     */
    CompletionStage<Void> recordStored(ChainId chain, List<AuditRecord> records);

    /** What the hot tier holds of {@code chain} right now; {@link HotCoverage#NONE} when nothing. */
    HotCoverage coverage(ChainId chain);

    /**
     * Records of {@code chain} with {@code from <= recorded_at < to} and {@code seq > afterSeq}, in seq
     * order, at most {@code max}. Complete for the part of the window that {@link #coverage} covers.
     *
     * @param from inclusive, or null for the oldest held
     * @param to exclusive, or null for the newest held
     * @throws IllegalArgumentException when max &lt; 1 or afterSeq &lt; 0
     */
    List<AuditRecord> recent(ChainId chain, Instant from, Instant to, long afterSeq, int max);

    /**
     * Appends events to the ingest buffer of {@code chain}, durably as far as the backend is, in order.
     *
     * @param events one entry each: the record id assigned to the event and its JSON
     * @throws HotTierUnavailableException when the backend cannot take them now (nothing buffered)
     */
    void enqueue(ChainId chain, List<IngestEntry> events);

    /**
     * Chains whose ingest buffer may hold events, for the promoter. A backend may return them a page at a time, so
     * that a million buffered chains are never listed at once: successive calls then go round every such chain, each
     * at least once per round. Empty when degraded.
     */
    Set<ChainId> ingestChains();

    /**
     * The oldest unacknowledged events of {@code chain}'s buffer, in order: first those handed out before
     * and never acknowledged (a promoter crashed), then new ones. Only the holder of the chain's
     * {@linkplain #tryLease lease} may call it.
     *
     * @throws HotTierUnavailableException when the backend cannot be read now
     */
    List<IngestEntry> pendingIngest(ChainId chain, int max);

    /**
     * Removes promoted events from {@code chain}'s buffer.
     *
     * @param entryIds {@link IngestEntry#entryId()} of each promoted event
     * @throws HotTierUnavailableException when the backend cannot be written now (they stay pending)
     */
    void acknowledge(ChainId chain, List<String> entryIds);

    /**
     * Takes or renews the lease that makes {@code owner} the only promoter of {@code chain} for
     * {@code ttlMillis}. False when someone else holds it or the backend is unreachable.
     */
    boolean tryLease(ChainId chain, String owner, long ttlMillis);

    /**
     * Claims an idempotency key for a request whose body has {@code fingerprint}, or returns what an
     * earlier claim left. Keys expire after the tier's idempotency TTL (a pending claim sooner).
     *
     * @return empty when this call claimed the key; else the existing entry
     */
    Optional<IdempotencyEntry> claimKey(String key, String fingerprint);

    /** The entry of {@code key}, if any. */
    Optional<IdempotencyEntry> idempotencyKey(String key);

    /** Stores the answer for a key this process claimed with {@code fingerprint}. */
    void completeKey(String key, String fingerprint, byte[] answer);

    /** Forgets a key this process claimed with {@code fingerprint} and never completed. */
    void releaseKey(String key, String fingerprint);

    /**
     * Counts of {@code chain}'s records by {@code dimension} over the last {@code windowSeconds}, at the
     * tier's bucket resolution; the answer says which interval it counted.
     *
     * @throws IllegalArgumentException when the window is not positive or exceeds the retention
     */
    WindowCounts counts(ChainId chain, CountDimension dimension, long windowSeconds);

    /** Whether the backend is reachable now, and if not, why. */
    HotTierStatus status();

    /** How long records are kept, in seconds. */
    long retentionSeconds();

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();
}
