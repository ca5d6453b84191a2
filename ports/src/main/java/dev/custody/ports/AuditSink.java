package dev.custody.ports;

import java.util.List;

/**
 * Where audit records are forwarded after they are durable in the system of record: a SIEM, a log
 * pipeline, a webhook. The delivery engine calls a sink from one thread at a time, with batches of
 * one chain in ascending seq order; a sink never sees a record of a chain before every earlier one it
 * was given of that chain has been acknowledged.
 *
 * <p>Delivery is at least once: when {@link #deliver} throws, the engine sends the same records again
 * later (possibly in other batches), so a receiver may see a record twice and should deduplicate on
 * {@link AuditRecord#id()}. A sink must not retry internally for long; the engine owns retries,
 * backoff and dead-lettering.
 */
public interface AuditSink extends AutoCloseable {

    /**
     * Sends {@code batch} and returns once the receiver has accepted every record of it (as far as the
     * protocol can tell: an HTTP 2xx, an indexer acknowledgement, a flushed TCP stream).
     *
     * @param chain the chain every record of the batch belongs to
     * @param batch non-empty, ascending seq, all of {@code chain}
     * @throws SinkException when the receiver did not accept the batch; nothing is assumed delivered
     */
    void deliver(ChainId chain, List<AuditRecord> batch);

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();
}
