package dev.custody.domain.chain;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends events to their chains. Concurrent appends to one chain are gathered into one conditional
 * batch append (group commit) and every caller is answered when its batch is durable. When the tip
 * has moved (another writer, another replica), the batch is re-linked on the new tip and retried with
 * jittered exponential backoff. Different chains are written in parallel.
 *
 * <p>The events of one call that belong to one chain are stored atomically, in order and contiguously.
 * A call naming several chains is atomic per chain, not across chains.
 *
 * <p>A chain costs memory only while it is used: {@link #releaseIdle} drops the state of chains idle for a while,
 * and their next append reads the tip from the store again (ADR 0127).
 */
public final class ChainAppender implements AutoCloseable {

    private final AuditStore store;
    private final RecordEncoder encoder;
    private final AppendOptions options;
    private final AppendListener listener;
    private final Clock clock;
    private final ExecutorService writers;
    /** Runs store calls, so a chain can link its next batch while the store writes the current one. */
    private final ExecutorService io;
    private final Map<ChainId, ChainWriter> chains = new ConcurrentHashMap<>();
    /** UTF-8 bytes of the events taken and not yet answered, across all chains. */
    private final java.util.concurrent.atomic.AtomicLong pendingBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    public ChainAppender(AuditStore store, Clock clock, AppendOptions options, AppendListener listener) {
        this(store, clock, options, listener, EventTransformer.IDENTITY);
    }

    /** With {@code transformer} applied to every event after validation, before it is encoded and hashed. */
    public ChainAppender(AuditStore store, Clock clock, AppendOptions options, AppendListener listener,
            EventTransformer transformer) {
        this.store = requireNonNull(store, "store is null");
        this.options = requireNonNull(options, "options is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.encoder = new RecordEncoder(options.limits(), requireNonNull(clock, "clock is null"), transformer);
        AtomicInteger n = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(options.writerThreads(), options.writerThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "custody-append-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        AtomicInteger m = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "custody-store-" + m.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ChainAppender(AuditStore store, Clock clock) {
        this(store, clock, AppendOptions.DEFAULT, AppendListener.NONE);
    }

    /**
     * Appends one event and returns its record once durable.
     *
     * @throws InvalidEventException naming the field; nothing stored
     * @throws AppendRejectedException under back-pressure or after close; nothing stored
     * @throws ChainContentionException when the tip kept moving; nothing stored
     * @throws dev.custody.ports.AuditStoreException when the store failed
     */
    public AuditRecord append(AuditEvent event) {
        return append(List.of(event)).get(0);
    }

    /** Appends {@code events} and returns their records, in the same order, once durable. Throws as {@link #append(AuditEvent)}. */
    public List<AuditRecord> append(List<AuditEvent> events) {
        try {
            return appendAsync(events).get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppendRejectedException("interrupted while waiting for the append to become durable");
        }
    }

    /**
     * Validates {@code events} now (throwing {@link InvalidEventException} for the first bad one, with
     * its index in the field pointer when there are several) and appends them in the background; the
     * future completes with their records once durable.
     */
    public CompletableFuture<List<AuditRecord>> appendAsync(List<AuditEvent> events) {
        return appendAsync(events, null);
    }

    /**
     * Validates {@code events} as {@link #appendAsync(List)} does and assigns each its record id, without
     * appending: the async ingest path answers with these ids and appends later with
     * {@link #appendAsync(List, List)}.
     *
     * @throws InvalidEventException naming the field of the first bad event
     */
    public List<String> assignIds(List<AuditEvent> events) {
        return encoder.batch(() -> {
            List<String> ids = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                try {
                    ids.add(encoder.prepare(events.get(i)).id());
                } catch (InvalidEventException e) {
                    throw events.size() == 1 ? e : e.inBatch(i);
                }
            }
            return ids;
        });
    }

    /**
     * As {@link #appendAsync(List)}, with the record ids given (from {@link #assignIds}) instead of new ones.
     *
     * @param ids one per event, or null to assign new ones
     */
    public CompletableFuture<List<AuditRecord>> appendAsync(List<AuditEvent> events, List<String> ids) {
        if (ids != null && ids.size() != events.size()) {
            throw new IllegalArgumentException(events.size() + " events but " + ids.size() + " ids");
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to append");
        }
        if (closed) {
            throw new AppendRejectedException("the appender is closed");
        }
        return appendPrepared(prepare(events, ids));
    }

    /**
     * Validates {@code events} and assigns their ids, without appending them.
     *
     * @throws InvalidEventException for the first bad one, with its index in the field pointer when there are several
     */
    public List<PreparedEvent> prepare(List<AuditEvent> events) {
        return prepare(events, null);
    }

    /**
     * As {@link #prepare(List)}, with the record ids given (one per event, assigned earlier) instead of new ones.
     *
     * @param ids one per event, or null to assign new ones
     */
    public List<PreparedEvent> prepare(List<AuditEvent> events, List<String> ids) {
        if (ids != null && ids.size() != events.size()) {
            throw new IllegalArgumentException(events.size() + " events but " + ids.size() + " ids");
        }
        return encoder.batch(() -> {   // new subjects' keys become durable once for the batch
            List<PreparedEvent> all = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                try {
                    all.add(encoder.prepare(events.get(i), ids == null ? null : ids.get(i)));
                } catch (InvalidEventException e) {
                    throw events.size() == 1 ? e : e.inBatch(i);
                }
            }
            return all;
        });
    }

    /**
     * Validates {@code event} and keeps the id it was given earlier (see {@link RecordEncoder#prepare(AuditEvent, String)}).
     *
     * @throws InvalidEventException naming the field
     */
    public PreparedEvent prepare(AuditEvent event, String id) {
        return encoder.prepare(event, id);
    }

    /** As {@link RecordEncoder#prepareTransformed}: an event prepared once already, encoded again as it is. */
    public PreparedEvent prepareTransformed(AuditEvent event, String id) {
        return encoder.prepareTransformed(event, id);
    }

    /**
     * Appends events prepared by {@link #prepare}; the future completes with their records, in the same order,
     * once durable. The events of one chain are stored atomically, in order and contiguously.
     *
     * @throws AppendRejectedException under back-pressure (a chain's queue or the bytes pending across all
     *     chains are at their limit) or after close; nothing stored
     */
    public CompletableFuture<List<AuditRecord>> appendPrepared(List<PreparedEvent> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no events to append");
        }
        if (closed) {
            throw new AppendRejectedException("the appender is closed");
        }
        long bytes = 0;
        for (PreparedEvent p : all) {
            bytes += p.fixedUtf8Length();
        }
        long before = pendingBytes.getAndAdd(bytes);
        if (before > 0 && before + bytes > options.maxPendingBytes()) {
            pendingBytes.addAndGet(-bytes);
            throw new AppendRejectedException(before + " bytes of events are waiting across all chains, the limit is "
                    + options.maxPendingBytes() + "; retry later");
        }
        long taken = bytes;
        try {
            return submit(all).whenComplete((r, t) -> pendingBytes.addAndGet(-taken));
        } catch (RuntimeException | Error e) {
            pendingBytes.addAndGet(-taken);
            throw e;
        }
    }

    /**
     * Appends events of one chain, prepared by {@link #prepare}, on exactly {@code expected}, once, outside the chain's
     * queue: empty when the tip had moved (nothing stored). For a caller that has just checked, on that tip, that no
     * copy of the events is stored (the spool's drain of events an earlier attempt may have stored): appending on a
     * tip read later could put them after such a copy.
     */
    public java.util.Optional<List<AuditRecord>> appendPreparedOn(ChainTip expected, List<PreparedEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to append");
        }
        if (closed) {
            throw new AppendRejectedException("the appender is closed");
        }
        ChainId chain = events.get(0).chain();
        List<AuditRecord> records = encoder.encode(expected, events, encoder.recordedAtAfter(expected));
        long started = System.nanoTime();
        dev.custody.ports.AppendResult result = store.append(chain, expected, records);
        invalidate(chain);   // the chain's writer re-reads the tip for its next batch
        if (result instanceof dev.custody.ports.AppendResult.Appended) {
            listener.batchAppended(chain, records.size(), System.nanoTime() - started);
            return java.util.Optional.of(records);
        }
        listener.conflict(chain, 1);
        return java.util.Optional.empty();
    }

    /** Bytes of events taken and not yet answered, across all chains. */
    public long pendingBytes() {
        return pendingBytes.get();
    }

    private CompletableFuture<List<AuditRecord>> submit(List<PreparedEvent> all) {
        Map<ChainId, List<PreparedEvent>> byChain = new LinkedHashMap<>();
        for (PreparedEvent p : all) {
            byChain.computeIfAbsent(p.chain(), c -> new ArrayList<>()).add(p);
        }
        if (byChain.size() == 1) {
            return submitTo(all.get(0).chain(), all);
        }
        Map<ChainId, CompletableFuture<List<AuditRecord>>> futures = new LinkedHashMap<>();
        byChain.forEach((chain, list) -> futures.put(chain, submitTo(chain, list)));
        return CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, AuditRecord> byId = new java.util.HashMap<>();
            futures.values().forEach(f -> f.join().forEach(r -> byId.put(r.id(), r)));
            List<AuditRecord> ordered = new ArrayList<>(all.size());
            all.forEach(p -> ordered.add(byId.get(p.id())));
            return ordered;
        });
    }

    /** Forgets the cached tip of {@code chain}, so the next batch reads it from the store. */
    public void invalidate(ChainId chain) {
        ChainWriter w = chains.get(chain);
        if (w != null) {
            w.invalidateTip();
        }
    }

    /** Queues {@code events} on the writer of {@code chain}, taking a new writer when the one found was just released. */
    private CompletableFuture<List<AuditRecord>> submitTo(ChainId chain, List<PreparedEvent> events) {
        while (true) {
            ChainWriter w = chains.computeIfAbsent(chain, c -> new ChainWriter(c, store, encoder, options, listener, writers, io,
                    clock));
            CompletableFuture<List<AuditRecord>> f = w.submit(events);
            if (f != null) {
                return f;
            }
            chains.remove(chain, w);
        }
    }

    /**
     * Releases the state of every chain with nothing queued or being written that was last used {@code idleFor} ago
     * or earlier (by the appender's clock); such a chain's next append reads its tip from the store. Safe to call at
     * any time from any thread: a chain with appends in flight is never released.
     *
     * @return how many chains were released
     */
    public int releaseIdle(java.time.Duration idleFor) {
        long cutoff = clock.millis() - idleFor.toMillis();
        int released = 0;
        for (Map.Entry<ChainId, ChainWriter> e : chains.entrySet()) {
            if (e.getValue().releaseIfIdle(cutoff) && chains.remove(e.getKey(), e.getValue())) {
                released++;
            }
        }
        return released;
    }

    /** Chains whose state the appender holds now (used recently, or with appends in flight). */
    public int heldChains() {
        return chains.size();
    }

    /**
     * The highest seq of {@code chain} this appender has seen stored, or 0 when it holds no state for the chain: any
     * append it makes from now on lands after it (a lower bound for where an append of unknown outcome went).
     */
    public long knownSeq(ChainId chain) {
        ChainWriter w = chains.get(chain);
        return w == null ? 0 : w.seenSeq();
    }

    /** Stops taking appends, finishes those already taken (waiting up to 30 s) and stops the writer threads. */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (ChainWriter w : chains.values()) {
                w.awaitIdle(deadline);
            }
            writers.shutdown();
            writers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            io.shutdown();
            io.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(t);
    }
}
