package dev.custody.domain.spool;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AppendRejectedException;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.PreparedEvent;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Appends through a {@link ChainAppender}, and when the system of record is unreachable (a
 * {@link StoreUnavailableException}) and spooling is enabled, accepts the events into the local {@link Spool}
 * instead. While a chain has events spooled, its new events are spooled behind them, so a chain keeps the
 * order in which its events were accepted. A drainer thread probes the store and, once it answers, appends
 * each chain's spool in order under the ids the clients were given; an entry whose earlier attempt may have
 * been stored after all (an outage mid-commit, a crash mid-drain) is looked for by id first, so nothing is
 * stored twice.
 */
public final class SpoolingAppender implements AutoCloseable {

    /** Events appended per drain step (one conditional batch). */
    private static final int DRAIN_BATCH_EVENTS = 1000;

    private final ChainAppender appender;
    private final AuditStore store;
    private final SpoolSettings settings;
    private final SpoolListener listener;
    private final Clock clock;
    private final Spool spool;
    private final Thread drainer;
    private volatile boolean storeReachable = true;
    private volatile boolean closed;

    /**
     * @param dir the spool directory (created; what a previous run left there drains first)
     */
    public SpoolingAppender(ChainAppender appender, AuditStore store, SpoolSettings settings, Path dir, Clock clock,
            SpoolListener listener) {
        this.appender = requireNonNull(appender, "appender is null");
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.spool = Spool.open(requireNonNull(dir, "dir is null"), settings);
        this.drainer = new Thread(this::drainLoop, "custody-spool-drainer");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    /**
     * Appends {@code events}, all of one chain: the future completes with {@link AppendOutcome.Stored} once
     * durable in the system of record, or with {@link AppendOutcome.Spooled} once durable in the spool.
     *
     * @throws dev.custody.domain.chain.InvalidEventException naming the field; nothing stored
     * @throws IllegalArgumentException when the events name several chains
     * @throws AppendRejectedException under back-pressure; nothing stored
     * @throws SpoolFullException (also through the future) when the store is unreachable and the spool full
     */
    public CompletableFuture<AppendOutcome> appendAsync(List<AuditEvent> events) {
        if (closed) {
            throw new AppendRejectedException("the appender is closed");
        }
        List<PreparedEvent> prepared = appender.prepare(events);
        ChainId chain = prepared.get(0).chain();
        for (PreparedEvent p : prepared) {
            if (!p.chain().equals(chain)) {
                throw new IllegalArgumentException("all events of one append must belong to one chain");
            }
        }
        if (settings.enabled() && (!storeReachable || spool.holds(chain))) {
            return CompletableFuture.completedFuture(spool(chain, prepared, null));
        }
        // read before the append is queued: wherever an attempt of it lands, it lands after this seq (0 when unknown)
        long after = appender.knownSeq(chain);
        return appender.appendPrepared(prepared).handle((records, failure) -> {
            if (failure == null) {
                return new AppendOutcome.Stored(records);
            }
            Throwable cause = unwrap(failure);
            if (settings.enabled() && cause instanceof StoreUnavailableException) {
                markUnreachable(cause);
                return spool(chain, prepared, after);
            }
            throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
        });
    }

    /** What the spool holds now. */
    public SpoolStatus status() {
        return new SpoolStatus(settings.enabled(), storeReachable, spool.pendingEvents(), spool.pendingBytes(),
                settings.maxEvents(), settings.maxBytes(), spool.chains());
    }

    public SpoolSettings settings() {
        return settings;
    }

    private AppendOutcome spool(ChainId chain, List<PreparedEvent> prepared, Long afterSeq) {
        List<String> ids = new ArrayList<>(prepared.size());
        List<AuditEvent> events = new ArrayList<>(prepared.size());
        for (PreparedEvent p : prepared) {
            ids.add(p.id());
            events.add(p.event());
        }
        SpoolEntry entry = new SpoolEntry(clock.instant(), afterSeq, ids, events);
        try {
            spool.add(entry);
        } catch (SpoolFullException e) {
            listener.full(chain, prepared.size());
            throw e;
        }
        listener.spooled(chain, prepared.size());
        LockSupport.unpark(drainer);
        return new AppendOutcome.Spooled(chain, ids, entry.acceptedAt());
    }

    private void markUnreachable(Throwable cause) {
        if (storeReachable) {
            storeReachable = false;
            listener.storeUnreachable(cause);
        }
    }

    private void drainLoop() {
        while (!closed) {
            LockSupport.parkNanos(settings.retryInterval().toNanos());
            if (closed) {
                return;
            }
            if (spool.isEmpty() && storeReachable) {
                continue;
            }
            try {
                List<ChainSpool> waiting = spool.waiting();
                store.tip(waiting.isEmpty() ? ChainId.of("custody", "health-probe") : waiting.get(0).chain());
                if (!storeReachable) {
                    storeReachable = true;
                    listener.storeReachable();
                }
                for (ChainSpool cs : waiting) {
                    drainChain(cs);
                }
            } catch (StoreUnavailableException e) {
                markUnreachable(e);
            } catch (RuntimeException e) {
                if (unwrap(e) instanceof StoreUnavailableException s) {
                    markUnreachable(s);
                }
                // drainChain reported anything else; keep probing
            }
        }
    }

    /** Appends {@code cs}'s entries in order until it is empty; stops at the first failure (left for the next turn). */
    private void drainChain(ChainSpool cs) {
        ChainId chain = cs.chain();
        try {
            while (!closed) {
                resolveInflight(cs);
                List<ChainSpool.Read> reads = cs.read(cs.next(), DRAIN_BATCH_EVENTS, Long.MAX_VALUE);
                if (reads.isEmpty()) {
                    if (spool.removeIfDrained(cs)) {
                        return;
                    }
                    continue;
                }
                ChainTip tip = store.tip(chain);
                SpoolEntry first = reads.get(0).entry();
                if (first.afterSeq() != null) {
                    // attempted before: it may be stored already; decide for it alone
                    if (stored(chain, first.ids().get(0), first.afterSeq(), tip.seq())) {
                        finish(cs, cs.next(), reads.get(0).end(), first.events().size(), first.events().size());
                        continue;
                    }
                    reads = reads.subList(0, 1);
                } else {
                    int n = 0;
                    while (n < reads.size() && reads.get(n).entry().afterSeq() == null) {
                        n++;
                    }
                    reads = reads.subList(0, n);
                }
                long start = cs.next();
                long end = reads.get(reads.size() - 1).end();
                List<PreparedEvent> prepared = new ArrayList<>();
                for (ChainSpool.Read r : reads) {
                    for (int i = 0; i < r.entry().events().size(); i++) {
                        prepared.add(appender.prepareTransformed(r.entry().events().get(i), r.entry().ids().get(i)));
                    }
                }
                cs.markInflight(end, tip.seq());
                if (first.afterSeq() != null) {
                    // a copy may land any moment (a held request delivered late): append on exactly the tip checked
                    if (appender.appendPreparedOn(tip, prepared).isEmpty()) {
                        continue;   // the tip moved, perhaps by that copy: look again
                    }
                } else {
                    join(appender.appendPrepared(prepared));
                }
                finish(cs, start, end, prepared.size(), 0);
            }
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof StoreUnavailableException s) {
                throw s;
            }
            if (!(cause instanceof AppendRejectedException)) {
                listener.drainFailed(chain, cause);
            }
            // contention or back-pressure from live traffic: the next turn goes on
        }
    }

    /** A crash or failure left a range in flight: it is either entirely stored (atomic batch) or not at all. */
    private void resolveInflight(ChainSpool cs) {
        long[] inflight = cs.inflight();
        if (inflight == null) {
            return;
        }
        List<ChainSpool.Read> reads = cs.read(inflight[0], Integer.MAX_VALUE, inflight[1]);
        if (reads.isEmpty()) {
            cs.clearInflight();
            return;
        }
        ChainTip tip = store.tip(cs.chain());
        if (stored(cs.chain(), reads.get(0).entry().ids().get(0), inflight[2], tip.seq())) {
            long n = reads.stream().mapToLong(r -> r.entry().events().size()).sum();
            finish(cs, inflight[0], reads.get(reads.size() - 1).end(), n, n);
        } else {
            cs.clearInflight();
        }
    }

    private void finish(ChainSpool cs, long start, long end, long events, long duplicates) {
        cs.markDrained(end, events);
        spool.drained(events, end - start);
        listener.drained(cs.chain(), (int) events, (int) duplicates);
    }

    /** Whether a record with {@code id} is in {@code chain} after {@code afterSeq}, up to {@code tipSeq}. */
    private boolean stored(ChainId chain, String id, long afterSeq, long tipSeq) {
        if (tipSeq <= afterSeq) {
            return false;
        }
        try (Stream<AuditRecord> s = store.stream(chain, Math.max(1, afterSeq + 1), tipSeq)) {
            return s.anyMatch(r -> r.id().equals(id));
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = unwrap(e);
            throw c instanceof RuntimeException re ? re : new CompletionException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppendRejectedException("interrupted while draining the spool");
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Stops the drainer and closes the spool files (what waits stays on disk for the next start). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(drainer);
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }
}
