package dev.custody.app;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.KeyUsage;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.StoreUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system of record of a service that started while it could not be reached. Until a background thread has
 * opened the real store (its provider's {@code create}, which also migrates the schema when configured), every
 * call fails as during any outage, with {@link StoreUnavailableException}, so appends spool (or answer 503 where
 * the spool is off) and health says so; from then on every call goes to the real store and the spool drains.
 * The capabilities are those the provider declares before connecting.
 */
final class ReconnectingStore implements AuditStore {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingStore.class);
    private static final long FIRST_DELAY_MILLIS = 200;
    private static final long MAX_DELAY_MILLIS = 5_000;

    private final String backend;
    private final Supplier<AuditStore> open;
    private final Set<StoreCapability> capabilities;
    private final AtomicReference<AuditStore> store = new AtomicReference<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile String lastError;
    private volatile Boolean immutableAudit;
    private Thread connector;

    /**
     * @param open creates the real store; throws {@link StoreUnavailableException} while it cannot be reached
     * @param firstFailure why the store could not be opened at start
     */
    ReconnectingStore(String backend, Supplier<AuditStore> open, Set<StoreCapability> capabilities,
            StoreUnavailableException firstFailure) {
        this.backend = requireNonNull(backend, "backend is null");
        this.open = requireNonNull(open, "open is null");
        this.capabilities = Set.copyOf(capabilities);
        this.lastError = firstFailure.getMessage();
    }

    /** Starts opening the store in the background, retrying with backoff (0.2 s doubling to 5 s) until it opens. */
    synchronized void start() {
        if (connector == null) {
            connector = new Thread(this::connect, "custody-store-connect");
            connector.setDaemon(true);
            connector.start();
        }
    }

    /** Whether the real store is open. */
    boolean connected() {
        return store.get() != null;
    }

    private void connect() {
        long delay = FIRST_DELAY_MILLIS;
        for (int attempt = 2; closing.getCount() > 0; attempt++) {
            try {
                AuditStore opened = open.get();
                if (immutableAudit != null) {
                    opened.enforceImmutableAudit(immutableAudit);
                }
                synchronized (this) {
                    if (closing.getCount() == 0) {
                        opened.close();
                        return;
                    }
                    store.set(opened);
                }
                LOG.info("The system of record ({}) answers after {} attempts; appends go to it and the spool drains", backend, attempt);
                return;
            } catch (StoreUnavailableException e) {
                lastError = e.getMessage();
            } catch (RuntimeException e) {
                lastError = "opening the system of record failed: " + e.getMessage();
                LOG.error("The system of record ({}) answers but cannot be opened (attempt {}); retrying: {}", backend, attempt,
                        e.getMessage());
            }
            try {
                if (closing.await(delay, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delay = Math.min(delay * 2, MAX_DELAY_MILLIS);
        }
    }

    private AuditStore store() {
        AuditStore s = store.get();
        if (s == null) {
            throw new StoreUnavailableException("the system of record (" + backend + ") has not been reachable since the "
                    + "service started: " + lastError);
        }
        return s;
    }

    @Override
    public Set<StoreCapability> capabilities() {
        AuditStore s = store.get();
        return s == null ? capabilities : s.capabilities();
    }

    @Override
    public ChainTip tip(ChainId chain) {
        return store().tip(chain);
    }

    @Override
    public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        return store().append(chain, expected, batch);
    }

    @Override
    public List<AuditRecord> appendSerialized(ChainId chain, java.util.function.Function<ChainTip, List<AuditRecord>> encode) {
        return store().appendSerialized(chain, encode);
    }

    @Override
    public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
        return store().stream(chain, fromSeq, toSeq);
    }

    @Override
    public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
        return store().streamJson(chain, fromSeq, toSeq);
    }

    @Override
    public List<AuditRecord> readRange(ChainId chain, long fromSeq, long toSeq) {
        return store().readRange(chain, fromSeq, toSeq);
    }

    @Override
    public RecordPage query(RecordQuery query) {
        return store().query(query);
    }

    @Override
    public Optional<AuditRecord> findById(String id) {
        return store().findById(id);
    }

    @Override
    public Optional<KeyUsage> keyUsage() {
        return store().keyUsage();
    }

    @Override
    public Set<ChainId> chains() {
        return store().chains();
    }

    @Override
    public long purgeBefore(ChainId chain, long seq) {
        return store().purgeBefore(chain, seq);
    }

    /** Remembered until the store opens, then applied to it before it serves anything. */
    @Override
    public boolean enforceImmutableAudit(boolean immutable) {
        synchronized (this) {
            AuditStore s = store.get();
            if (s == null) {
                immutableAudit = immutable;
                return false;
            }
            return s.enforceImmutableAudit(immutable);
        }
    }

    @Override
    public Optional<CustodyLog> custodyLog() {
        return store().custodyLog();
    }

    @Override
    public Optional<RestoredRecords> restoredRecords() {
        return store().restoredRecords();
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closing.countDown();
            t = connector;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        AuditStore s = store.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }
}
