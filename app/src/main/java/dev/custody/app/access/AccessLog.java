package dev.custody.app.access;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ServiceChains;
import dev.custody.domain.chain.Sha256;
import dev.custody.ports.ChainId;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends {@link AccessRecord access records} to the access chains. With synchronous audit writes (modes
 * {@code soc2}, {@code hipaa}) {@link #record} returns once the record is durable and throws when it cannot be
 * written, so the read fails; otherwise records are handed to one background writer through a bounded queue,
 * the read never waits, and a record that cannot be queued or written is counted in {@link #dropped()} and logged.
 */
public final class AccessLog implements AutoCloseable {

    /** The namespace of the access chains; one chain per tenant read. */
    public static final String NAMESPACE = ServiceChains.NAMESPACE + ".access";
    /** Where reads are recorded that name no chain (an unknown record id, a refusal before any chain was named). */
    public static final ChainId SERVICE_CHAIN = ChainId.of(ServiceChains.NAMESPACE, "access");
    /** The namespace of the chains refusals are recorded on: one chain per caller, never the chain asked for (ADR 0087). */
    public static final String DENIED_NAMESPACE = ServiceChains.NAMESPACE + ".denied";
    /** Records waiting for the background writer at most (mode {@code none}). */
    static final int QUEUE_CAPACITY = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger("dev.custody.access");

    private final ChainAppender appender;
    private final boolean sync;
    private final AtomicLong dropped = new AtomicLong();
    private final ThreadPoolExecutor writer;

    /**
     * @param appender appends to the system of record (never the spool: an access record is durable or the read fails)
     * @param sync whether reads wait for their record ({@code custody.compliance.sync-audit-writes})
     */
    public AccessLog(ChainAppender appender, boolean sync) {
        this.appender = requireNonNull(appender, "appender is null");
        this.sync = sync;
        this.writer = sync ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "custody-access-log");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The access chain reads of {@code read} are recorded on ({@link #SERVICE_CHAIN} for null). */
    public static ChainId chainOf(ChainId read) {
        return read == null ? SERVICE_CHAIN : ChainId.of(NAMESPACE, read.tenant());
    }

    /**
     * The chain {@code r} is recorded on: a refusal on its caller's own {@link #deniedChainOf denied chain}, so that
     * no caller can write into the access chain of a tenant it may not read; any other read on {@link #chainOf}.
     */
    public static ChainId target(AccessRecord r) {
        return r.outcome() == AccessRecord.Outcome.DENIED ? deniedChainOf(r.actorId()) : chainOf(r.chain());
    }

    /**
     * The chain the refusals of the caller {@code actorId} (an API key's name) are recorded on:
     * {@code custody.denied/<name>} when the name is a valid chain name, otherwise {@code custody.denied/key-} and
     * the first 16 hex digits of the name's SHA-256.
     */
    public static ChainId deniedChainOf(String actorId) {
        String tenant = ChainId.isValidName(actorId) ? actorId : "key-" + Sha256.hex(actorId).substring(0, 16);
        return ChainId.of(DENIED_NAMESPACE, tenant);
    }

    /** Whether reads wait until their access record is durable. */
    public boolean sync() {
        return sync;
    }

    /**
     * Records {@code r}: durably before returning when {@link #sync()}, otherwise queued.
     *
     * @throws RuntimeException (such as {@link dev.custody.ports.StoreUnavailableException}) when synchronous and the
     *     record could not be written
     */
    public void record(AccessRecord r) {
        if (sync) {
            recordNow(r);
            return;
        }
        try {
            writer.execute(() -> {
                try {
                    recordNow(r);
                } catch (RuntimeException e) {
                    drop(r, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            drop(r, "the access log queue is full (" + QUEUE_CAPACITY + " records)");
        }
    }

    /** Records {@code r} durably before returning, whatever the mode (the offline commands). */
    public void recordNow(AccessRecord r) {
        appender.append(r.toEvent(target(r)));
    }

    /** Access records lost in asynchronous mode since start. */
    public long dropped() {
        return dropped.get();
    }

    private void drop(AccessRecord r, String why) {
        dropped.incrementAndGet();
        LOG.warn("Access record dropped ({} by {} {} on {}, outcome {}): {}", r.operation(), r.actorType(), r.actorId(),
                r.chain() == null ? "-" : r.chain(), r.outcome().wireName(), why);
    }

    /** Writes what is queued (for a few seconds at most), then stops the background writer. */
    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
            try {
                if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("Access log closed with {} records unwritten", writer.getQueue().size());
                    writer.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writer.shutdownNow();
            }
        }
    }
}
