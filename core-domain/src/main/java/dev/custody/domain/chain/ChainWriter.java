package dev.custody.domain.chain;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The group-commit queue of one chain. Callers enqueue; at most one writer thread at a time drains the
 * queue into batches, links them on the tip and appends them conditionally. Linking is pipelined with
 * storing: while batch N is being written and synced, batch N+1 is linked on the tip N will leave. N+1
 * goes to the store only after N is durable; if N conflicts or fails, N+1's events go back to the front
 * of the queue and are linked again, so no batch is ever appended on a tip that was not confirmed.
 *
 * <p>A writer holds nothing the store cannot give back: once idle (nothing queued or being written, no recent
 * conflict) the appender may {@linkplain #releaseIfIdle release} it, and the chain's next append takes a new writer
 * that reads the tip from the store (ADR 0127).
 */
final class ChainWriter {

    /**
     * How long a chain's appends stay serialised (when the store can serialise them) after a conflict, or after a
     * serialised append that found another writer's records before its own.
     */
    static final java.time.Duration SERIALISE_AFTER_CONFLICT = java.time.Duration.ofSeconds(10);
    private volatile long serialiseUntil;
    /** The record this writer's last serialised append left at the head; null before one. */
    private volatile ChainTip lastSerialised;

    private record Pending(List<PreparedEvent> events, CompletableFuture<List<AuditRecord>> future) {
    }

    /** A batch linked after {@code expected}, ready for the store. */
    private record Linked(List<Pending> pendings, ChainTip expected, List<AuditRecord> records) {
        ChainTip last() {
            return ChainTip.of(records.get(records.size() - 1));
        }
    }

    private record Stored(AppendResult result, long nanos) {
    }

    /** Batches one chain may write before it yields its thread. */
    private static final int BATCHES_PER_TURN = 16;

    private final ChainId chain;
    private final AuditStore store;
    private final RecordEncoder encoder;
    private final AppendOptions options;
    private final AppendListener listener;
    private final Executor executor;
    private final Executor io;
    private final java.time.Clock clock;

    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int queuedEvents;
    private boolean scheduled;
    /** When events were last taken (clock millis); a writer with work queued or running is busy whatever this says. */
    private long lastUsed;
    /** Set once released: takes no more events. */
    private boolean released;
    /** Last confirmed tip; null when unknown. Written by the draining thread, or reset to null. */
    private volatile ChainTip tip;
    /** The highest seq seen stored on the chain (never lowered): any later append lands after it. */
    private volatile long seenSeq;

    ChainWriter(ChainId chain, AuditStore store, RecordEncoder encoder, AppendOptions options,
            AppendListener listener, Executor executor, Executor io, java.time.Clock clock) {
        this.chain = chain;
        this.store = store;
        this.encoder = encoder;
        this.options = options;
        this.listener = listener;
        this.executor = executor;
        this.io = io;
        this.clock = clock;
        this.lastUsed = clock.millis();
    }

    /** Queues {@code events}; null when this writer was released meanwhile (the caller takes a new one). */
    CompletableFuture<List<AuditRecord>> submit(List<PreparedEvent> events) {
        Pending p = new Pending(events, new CompletableFuture<>());
        boolean schedule;
        synchronized (lock) {
            if (released) {
                return null;
            }
            if (queuedEvents + events.size() > options.maxPendingEventsPerChain()) {
                throw new AppendRejectedException("chain " + chain + " has " + queuedEvents
                        + " events waiting, the limit is " + options.maxPendingEventsPerChain() + "; retry later");
            }
            queue.add(p);
            queuedEvents += events.size();
            lastUsed = clock.millis();
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            executor.execute(this::drain);
        }
        return p.future;
    }

    /** Waits until nothing is queued or being written, or until {@code deadlineNanos} (System.nanoTime). */
    void awaitIdle(long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            synchronized (lock) {
                if (!scheduled) {
                    return;
                }
            }
            Thread.sleep(1);
        }
    }

    void invalidateTip() {
        tip = null;
    }

    /**
     * Releases this writer when nothing is queued or being written, it was last used at or before
     * {@code cutoffMillis} and its chain is not serialised after a conflict; a released writer takes no more events.
     *
     * @return whether it is released
     */
    boolean releaseIfIdle(long cutoffMillis) {
        synchronized (lock) {
            long until = serialiseUntil;
            if (released || scheduled || !queue.isEmpty() || lastUsed > cutoffMillis
                    || (until != 0 && System.nanoTime() - until < 0)) {
                return released;
            }
            released = true;
            return true;
        }
    }

    /** The highest seq this writer saw stored, 0 when none yet. */
    long seenSeq() {
        return seenSeq;
    }

    /** {@code t} is the chain's confirmed tip. */
    private void confirmed(ChainTip t) {
        tip = t;
        if (t.seq() > seenSeq) {
            seenSeq = t.seq();
        }
    }

    /**
     * Whether this chain's appends go through the store's lock for now: for {@link #SERIALISE_AFTER_CONFLICT} after a
     * conflict, when the store can serialise its writers. Writers of a contended chain then queue on the lock in every
     * process instead of racing (an optimistic append keeps beating one that read the tip under the lock).
     */
    private boolean contended() {
        long until = serialiseUntil;
        return until != 0 && System.nanoTime() - until < 0 && serialisable();
    }

    private boolean serialisable() {
        return store.capabilities().contains(StoreCapability.SERIALIZED_APPEND);
    }

    private void conflicted() {
        serialiseUntil = System.nanoTime() + SERIALISE_AFTER_CONFLICT.toNanos();
    }

    /**
     * One batch of a contended chain, under the store's lock on it; answers its callers. The batch grows, once the
     * lock is held, by the requests queued while this writer waited for it (up to {@code maxBatchEvents}): a lock hold
     * costs the other processes writing the chain their turn, so it should carry all this process has.
     */
    private void appendContended(List<Pending> first) {
        List<Pending> batch = new ArrayList<>(first);
        int[] events = {eventCount(first)};
        try {
            long started = System.nanoTime();
            List<AuditRecord> records = store.appendSerialized(chain, current -> {
                List<Pending> more = take(options.maxBatchEvents() - events[0]);
                batch.addAll(more);
                events[0] += eventCount(more);
                stillContended(current);
                return encoder.encode(current, events(batch), encoder.recordedAtAfter(current));
            });
            lastSerialised = ChainTip.of(records.get(records.size() - 1));
            tip = null;   // others append too: the next plain batch reads the tip
            listener.batchAppended(chain, records.size(), System.nanoTime() - started);
            complete(batch, records);
        } catch (RuntimeException | Error e) {
            fail(new Linked(batch, ChainTip.GENESIS, List.of()), e);
        }
    }

    /**
     * Keeps the chain serialised while other writers append it: the head under the lock is not the record this writer
     * left with its last serialised append. Otherwise, {@link #SERIALISE_AFTER_CONFLICT} after the first conflict,
     * every replica would go back to plain appends, race, and conflict again.
     */
    private void stillContended(ChainTip underLock) {
        ChainTip mine = lastSerialised;
        if (mine == null || mine.seq() != underLock.seq()) {
            conflicted();
        }
    }

    /**
     * Writes batches while events are queued, up to {@link #BATCHES_PER_TURN}, then hands the thread back
     * so other chains get their turn. Each turn links the next batch while the store writes the current
     * one, and hands the next one to the store before answering the current one's callers.
     */
    private void drain() {
        Linked current = null;
        CompletableFuture<Stored> stored = null;
        for (int turn = 0; turn < BATCHES_PER_TURN; turn++) {
            if (current == null) {
                List<Pending> batch = take();
                if (batch == null) {
                    synchronized (lock) {
                        if (queue.isEmpty()) {
                            scheduled = false;
                            return;
                        }
                    }
                    continue;
                }
                if (contended()) {
                    appendContended(batch);
                    continue;
                }
                current = linkOnKnownTip(batch);
                if (current == null) {
                    continue;
                }
                stored = storeAsync(current);
            }
            List<Pending> more = take();
            Linked next = more == null ? null : link(more, current.last());
            boolean last = turn == BATCHES_PER_TURN - 1;
            if (last && next != null) {
                pushBack(next.pendings);
                next = null;
            }
            CompletableFuture<Stored> nextStored = settle(current, stored, next);
            current = nextStored == null ? null : next;
            stored = nextStored;
        }
        if (stored != null) {
            settle(current, stored, null);
        }
        executor.execute(this::drain);
    }

    /**
     * Waits for {@code current} to be stored and answers its callers. When it was appended and
     * {@code next} is linked on it, {@code next} goes to the store first and its pending store call is
     * returned; otherwise {@code next}'s events go back to the queue and null is returned.
     */
    private CompletableFuture<Stored> settle(Linked current, CompletableFuture<Stored> stored, Linked next) {
        Stored s;
        try {
            s = stored.join();
        } catch (CompletionException e) {
            if (next != null) {
                pushBack(next.pendings);
            }
            fail(current, e.getCause() == null ? e : e.getCause());
            return null;
        }
        if (s.result() instanceof AppendResult.Appended appended) {
            confirmed(appended.tip());
            CompletableFuture<Stored> nextStored = next == null ? null : storeAsync(next);
            listener.batchAppended(chain, current.records.size(), s.nanos());
            complete(current.pendings, current.records);
            return nextStored;
        }
        if (next != null) {
            pushBack(next.pendings);
        }
        tip = null;
        listener.conflict(chain, 1);
        conflicted();
        try {
            if (!serialisable()) {   // a store that serialises: straight to its lock, which is the queue
                if (options.maxAttempts() <= 1) {
                    throw contention(1);
                }
                sleep(backoffNanos(1));
            }
            complete(current.pendings, appendWithRetry(events(current.pendings), 2, current.expected.seq()));
        } catch (RuntimeException | Error e) {
            fail(current, e);
        }
        return null;
    }

    private CompletableFuture<Stored> storeAsync(Linked batch) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            AppendResult result = store.append(chain, batch.expected, batch.records);
            return new Stored(result, System.nanoTime() - started);
        }, io);
    }

    /** Links {@code batch} on the confirmed tip (read from the store when unknown); null if that failed. */
    private Linked linkOnKnownTip(List<Pending> batch) {
        try {
            ChainTip t = tip;
            if (t == null) {
                t = store.tip(chain);
                confirmed(t);
            }
            return link(batch, t);
        } catch (RuntimeException | Error e) {
            fail(new Linked(batch, ChainTip.GENESIS, List.of()), e);
            return null;
        }
    }

    private Linked link(List<Pending> batch, ChainTip after) {
        return new Linked(batch, after, encoder.encode(after, events(batch), encoder.recordedAtAfter(after)));
    }

    /** Up to {@code maxBatchEvents} queued events (at least one request), or null when none are queued. */
    private List<Pending> take() {
        synchronized (lock) {
            if (queue.isEmpty()) {
                return null;
            }
            List<Pending> batch = new ArrayList<>();
            int count = 0;
            while (!queue.isEmpty()) {
                Pending next = queue.peek();
                if (count > 0 && count + next.events.size() > options.maxBatchEvents()) {
                    break;
                }
                queue.poll();
                batch.add(next);
                count += next.events.size();
            }
            queuedEvents -= count;
            return batch;
        }
    }

    /** The queued requests, in order, while their events fit in {@code room}; possibly none. */
    private List<Pending> take(int room) {
        synchronized (lock) {
            List<Pending> taken = new ArrayList<>();
            int count = 0;
            while (!queue.isEmpty() && count + queue.peek().events.size() <= room) {
                Pending next = queue.poll();
                taken.add(next);
                count += next.events.size();
            }
            queuedEvents -= count;
            return taken;
        }
    }

    private static int eventCount(List<Pending> pendings) {
        int n = 0;
        for (Pending p : pendings) {
            n += p.events.size();
        }
        return n;
    }

    /** Puts requests back at the front of the queue, in their order. */
    private void pushBack(List<Pending> pendings) {
        synchronized (lock) {
            for (int i = pendings.size() - 1; i >= 0; i--) {
                queue.addFirst(pendings.get(i));
                queuedEvents += pendings.get(i).events.size();
            }
        }
    }

    private static List<PreparedEvent> events(List<Pending> batch) {
        List<PreparedEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events));
        return events;
    }

    private static void complete(List<Pending> pendings, List<AuditRecord> records) {
        int from = 0;
        for (Pending p : pendings) {
            int to = from + p.events.size();
            p.future.complete(List.copyOf(records.subList(from, to)));
            from = to;
        }
    }

    private void fail(Linked batch, Throwable error) {
        tip = null;
        listener.failed(chain, batch.pendings.stream().mapToInt(p -> p.events.size()).sum(), error);
        batch.pendings.forEach(p -> p.future.completeExceptionally(error));
    }

    /**
     * Appends synchronously after a conflict: under the store's lock on the chain when it can serialise its writers
     * (then it cannot conflict again), otherwise re-reading the tip and backing off after each conflict, from
     * attempt {@code first}. Before each new attempt it looks for the events' ids after seq {@code after}, the tip
     * the conflicting attempt expected: an earlier attempt of the same events (a request whose answer was lost, a
     * spooled batch) that the store took after all is the conflict, and its records are the answer, never a copy.
     */
    private List<AuditRecord> appendWithRetry(List<PreparedEvent> events, int first, long after) {
        if (serialisable()) {
            long started = System.nanoTime();
            List<AuditRecord> records = store.appendSerialized(chain, current -> alreadyStored(events, after, current.seq()) != null
                    ? List.of() : encoder.encode(current, events, encoder.recordedAtAfter(current)));
            if (records.isEmpty()) {
                records = alreadyStored(events, after, store.tip(chain).seq());
                if (records == null) {
                    throw new IllegalStateException("chain " + chain + ": the events were found stored and then not");
                }
            } else {
                lastSerialised = ChainTip.of(records.get(records.size() - 1));
                listener.batchAppended(chain, records.size(), System.nanoTime() - started);
            }
            tip = null;   // re-read on the next batch: the records found may not be the newest
            return records;
        }
        for (int attempt = first; ; attempt++) {
            ChainTip current = store.tip(chain);
            List<AuditRecord> stored = alreadyStored(events, after, current.seq());
            if (stored != null) {
                confirmed(current);
                return stored;
            }
            List<AuditRecord> records = encoder.encode(current, events, encoder.recordedAtAfter(current));
            long started = System.nanoTime();
            AppendResult result = store.append(chain, current, records);
            if (result instanceof AppendResult.Appended appended) {
                confirmed(appended.tip());
                listener.batchAppended(chain, records.size(), System.nanoTime() - started);
                return records;
            }
            listener.conflict(chain, attempt);
            conflicted();
            if (attempt >= options.maxAttempts()) {
                throw contention(attempt);
            }
            sleep(backoffNanos(attempt));
        }
    }

    /**
     * The records of {@code events} when the chain already holds them after seq {@code after} (up to {@code tipSeq}):
     * batches are stored whole or not at all, so finding the first id finds them all; null when it does not.
     */
    private List<AuditRecord> alreadyStored(List<PreparedEvent> events, long after, long tipSeq) {
        if (tipSeq <= after) {
            return null;
        }
        String firstId = events.get(0).id();
        try (Stream<AuditRecord> s = store.stream(chain, after + 1, tipSeq)) {
            List<AuditRecord> found = s.dropWhile(r -> !r.id().equals(firstId)).limit(events.size()).toList();
            return found.size() == events.size() ? found : null;
        }
    }

    private ChainContentionException contention(int attempts) {
        return new ChainContentionException("chain " + chain + ": the tip moved on each of " + attempts
                + " attempts (other writers are appending); nothing was stored, retry later");
    }

    private long backoffNanos(int attempt) {
        long base = options.baseBackoff().toNanos() << Math.min(attempt - 1, 20);
        return (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppendRejectedException("interrupted while backing off");
        }
    }
}
