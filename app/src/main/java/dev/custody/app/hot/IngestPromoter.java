package dev.custody.app.hot;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventJson;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.IngestEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains the async ingest buffer into the system of record, chain by chain, in order, exactly once. One
 * promoter per chain at a time across replicas (a lease in the hot tier). Each round reads a batch, appends
 * it (the system of record assigns seq), then acknowledges it; a crash between append and acknowledge
 * leaves the batch pending, and its next reader skips every event whose id the chain already holds.
 */
public final class IngestPromoter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IngestPromoter.class.getName());
    static final int BATCH = 500;
    static final long LEASE_MILLIS = 10_000;
    /** How far recorded_at may lag behind the buffer's clock (replica clock skew), when looking for promoted events. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private final HotTier hot;
    private final AuditStore store;
    private final ChainAppender appender;
    private final String owner = "promoter-" + UUID.randomUUID();
    private final AtomicLong promoted = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public IngestPromoter(HotTier hot, AuditStore store, ChainAppender appender) {
        this.hot = requireNonNull(hot, "hot is null");
        this.store = requireNonNull(store, "store is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.thread = new Thread(this::run, "custody-ingest-promoter");
        thread.setDaemon(true);
    }

    public IngestPromoter start() {
        thread.start();
        return this;
    }

    /** Events appended to the system of record so far. */
    public long promoted() {
        return promoted.get();
    }

    /** Redelivered events found already in the chain (appended before a crash), and not appended again. */
    public long skippedAsPresent() {
        return skipped.get();
    }

    private void run() {
        long backoff = 0;
        while (running) {
            boolean worked = false;
            try {
                for (ChainId chain : hot.ingestChains()) {
                    if (running && hot.tryLease(chain, owner, LEASE_MILLIS)) {
                        worked |= promoteOnce(chain);
                    }
                }
                backoff = 0;
            } catch (RuntimeException e) {
                backoff = Math.min(5_000, Math.max(50, backoff * 2));
                LOG.log(Level.WARNING, "ingest promotion failed, retrying in " + backoff + " ms: " + e.getMessage());
            }
            if (!worked) {
                pause(backoff > 0 ? backoff : 20);
            }
        }
    }

    /**
     * Promotes one batch of {@code chain}. Public for tests that drive promotion step by step.
     *
     * @return whether there was anything to promote
     */
    public boolean promoteOnce(ChainId chain) {
        List<IngestEntry> entries = hot.pendingIngest(chain, BATCH);
        if (entries.isEmpty()) {
            return false;
        }
        Set<String> present = entries.stream().anyMatch(IngestEntry::redelivered) ? alreadyInChain(chain, entries) : Set.of();
        List<AuditEvent> events = new ArrayList<>(entries.size());
        List<String> ids = new ArrayList<>(entries.size());
        for (IngestEntry e : entries) {
            if (present.contains(e.recordId())) {
                skipped.incrementAndGet();
            } else {
                events.add(EventJson.read(e.eventJson()));
                ids.add(e.recordId());
            }
        }
        if (!events.isEmpty()) {
            appender.appendAsync(events, ids).join();
            promoted.addAndGet(events.size());
        }
        hot.acknowledge(chain, entries.stream().map(IngestEntry::entryId).toList());
        return true;
    }

    /**
     * The ids among {@code entries} that the chain already holds. Anything appended from these entries was
     * recorded after the oldest was enqueued, so the scan walks back from the tip until recorded_at is older
     * than that (less the allowed clock skew).
     */
    private Set<String> alreadyInChain(ChainId chain, List<IngestEntry> entries) {
        Set<String> wanted = new HashSet<>();
        entries.forEach(e -> wanted.add(e.recordId()));
        long oldest = entries.stream().mapToLong(IngestEntry::enqueuedAtMillis).min().orElse(0) - SKEW.toMillis();
        Set<String> found = new HashSet<>();
        ChainTip tip = store.tip(chain);
        long hi = tip.seq();
        while (hi >= 1 && found.size() < wanted.size()) {
            long lo = Math.max(1, hi - 999);
            List<AuditRecord> page = store.readRange(chain, lo, hi);
            for (AuditRecord r : page) {
                if (wanted.contains(r.id())) {
                    found.add(r.id());
                }
            }
            if (page.isEmpty() || page.get(0).recordedAt().toEpochMilli() < oldest) {
                break;
            }
            hi = lo - 1;
        }
        return found;
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the current batch (waiting up to 30 s); what is not promoted stays in the buffer. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
