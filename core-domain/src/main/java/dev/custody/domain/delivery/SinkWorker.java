package dev.custody.domain.delivery;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainUnreadableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Feeds one sink on its own thread: reads each chain from the system of record after the sink's cursor,
 * sends batches, and moves the cursor only after the sink acknowledged a batch (or it was dead-lettered).
 *
 * <p>A pass woken by this process's appends visits the chains appended to; a full pass visits every chain (records
 * another replica appended, anything a restart left). Full passes, and the recount of the lag after a failed attempt,
 * are O(chains): each runs when the poll interval has passed and no sooner than {@value #FULL_PASS_SPACING} times its
 * last duration after the previous one, so with many chains they take a bounded share of the worker's time (ADR 0128).
 */
final class SinkWorker implements Runnable {

    /** Records read past the cursor in one go when a filter skips most of them. */
    private static final int MAX_SCAN = 10_000;
    /** A full pass (or recount) starts no sooner than this many times the last one's duration after it. */
    static final int FULL_PASS_SPACING = 10;
    /** Chains remembered as appended to between passes; beyond it the next pass is a full one. */
    static final int MAX_TOUCHED = 100_000;

    private final String name;
    private final AuditSink sink;
    private final DeliverySettings settings;
    private final AuditStore store;
    private final SinkCursor cursor;
    private final DeadLetterFile deadLetters;
    private final DeliveryListener listener;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    /** Records past the cursor: recounted from the store at each full pass and after failed attempts, kept current in between. */
    private final AtomicLong pastCursor = new AtomicLong();
    /** Chains this process appended to since the worker last visited them. */
    private final Set<ChainId> touched = ConcurrentHashMap.newKeySet();
    /** More chains were appended to than {@link #touched} remembers: the next pass is a full one. */
    private volatile boolean overflowed;
    /** System.nanoTime at and after which the next full pass may start; a recount likewise. */
    private long nextFullPass = System.nanoTime();
    private long nextRecount = System.nanoTime();
    private volatile boolean counted;
    private volatile int consecutiveFailures;
    private volatile String lastError;
    private volatile boolean stopped;

    SinkWorker(String name, AuditSink sink, DeliverySettings settings, AuditStore store, SinkCursor cursor,
            DeadLetterFile deadLetters, DeliveryListener listener, Clock clock) {
        this.name = name;
        this.sink = sink;
        this.settings = settings;
        this.store = store;
        this.cursor = cursor;
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.clock = clock;
    }

    /** {@code events} new records of {@code chain} are durable: they count in the lag at once, and the worker wakes. Never blocks. */
    void appended(ChainId chain, int events) {
        pastCursor.addAndGet(events);
        wake(chain);
    }

    /** Tells the worker new records of {@code chain} may be there. Cheap and never blocks. */
    void wake(ChainId chain) {
        if (touched.size() < MAX_TOUCHED) {
            touched.add(chain);
        } else {
            overflowed = true;
        }
        wake();
    }

    /** Wakes the worker. Cheap and never blocks. */
    private void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    void stop() {
        stopped = true;
        stopSignal.countDown();
        wake();
    }

    SinkStatus status() {
        return new SinkStatus(name, counted ? Math.max(0, pastCursor.get()) : -1, delivered.get(), failures.get(), deadLettered.get(), consecutiveFailures,
                settings.failClosed(), lastError);
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    pass();
                } catch (RuntimeException e) {
                    lastError = "delivery pass failed: " + e.getMessage();   // store or cursor trouble: try again later
                }
                if (wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS) && !stopped
                        && !settings.linger().isZero()) {
                    pause(settings.linger().toMillis());   // let a burst of appends gather into one batch
                }
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A full pass when one is due (or more chains were appended to than the worker remembers): counts the records
     * past the cursor, then delivers everything past the cursor of every chain. Otherwise delivers the chains this
     * process appended to since their last visit.
     */
    void pass() throws InterruptedException {
        if (overflowed || System.nanoTime() - nextFullPass >= 0) {
            long started = System.nanoTime();
            overflowed = false;
            touched.clear();   // the full pass sees what they appended; appends from now on touch them again
            recount();
            deliver(store.chains());
            nextFullPass = System.nanoTime() + Math.max(settings.pollInterval().toNanos(),
                    FULL_PASS_SPACING * (System.nanoTime() - started));
            return;
        }
        List<ChainId> chains = new ArrayList<>(touched);
        touched.removeAll(chains);
        try {
            deliver(chains);
        } catch (RuntimeException | InterruptedException e) {
            touched.addAll(chains);   // store trouble: visit them again next pass, not only at the next full one
            throw e;
        }
    }

    private void deliver(Iterable<ChainId> chains) throws InterruptedException {
        String unreadable = null;
        for (ChainId chain : chains) {
            if (stopped) {
                return;
            }
            try {
                while (!stopped && deliverNext(chain)) {
                    // more of this chain
                }
            } catch (ChainUnreadableException e) {
                unreadable = "delivery of chain " + chain + " stopped: " + e.getMessage();   // the other chains go on
            }
        }
        if (unreadable != null) {
            lastError = unreadable;
        }
    }

    /** Chains whose delivery state the worker holds in memory now (its cursor's, and the chains appended to). */
    int heldChains() {
        return cursor.heldChains() + touched.size();
    }

    /** Drops the cursor's memory of chains when it was last used at or before {@code cutoffMillis}; how many. */
    int releaseIdle(long cutoffMillis) {
        return cursor.releaseIfIdle(cutoffMillis);
    }

    /**
     * Sets the lag from the store: records past the cursor of every chain, including those another replica
     * appended. Appends of this process keep it current in between ({@link #appended}); a count that raced with
     * an append may be high until the next recount, never low. Store trouble keeps the running count; a chain whose
     * records cannot be read counts nothing (delivery names it in the last error).
     */
    private void recount() {
        long started = System.nanoTime();
        try {
            long total = 0;
            for (ChainId chain : store.chains()) {
                try {
                    total += Math.max(0, store.tip(chain).seq() - cursor.get(chain));
                } catch (ChainUnreadableException e) {
                    // its lag is unknown
                }
            }
            pastCursor.set(total);
            counted = true;
        } catch (RuntimeException e) {
            lastError = "cannot count the records past the cursor: " + e.getMessage();
        }
        nextRecount = System.nanoTime() + FULL_PASS_SPACING * (System.nanoTime() - started);
    }

    /** Sends the next batch of {@code chain}; false when the chain has nothing past the cursor. */
    private boolean deliverNext(ChainId chain) throws InterruptedException {
        long from = cursor.get(chain) + 1;
        List<AuditRecord> batch = new ArrayList<>();
        long bytes = 0;
        long lastSeen = 0;
        try (Stream<AuditRecord> s = store.stream(chain, from, Long.MAX_VALUE)) {
            Iterator<AuditRecord> it = s.iterator();
            int scanned = 0;
            while (it.hasNext() && scanned++ < MAX_SCAN) {
                AuditRecord r = it.next();
                if (settings.filter().matches(r)) {
                    long size = r.json().length();
                    if (!batch.isEmpty() && bytes + size > settings.maxBatchBytes()) {
                        break;
                    }
                    batch.add(r);
                    bytes += size;
                }
                lastSeen = r.seq();
                if (batch.size() >= settings.maxBatchRecords()) {
                    break;
                }
            }
        }
        if (lastSeen == 0) {
            return false;
        }
        if (!batch.isEmpty() && !send(chain, batch)) {
            return false;   // stopped while retrying: the cursor stays, the batch is sent again after restart
        }
        cursor.advance(chain, lastSeen);
        pastCursor.addAndGet(from - 1 - lastSeen);
        return true;
    }

    /** True once the batch is acknowledged or dead-lettered; false when stopped first. */
    private boolean send(ChainId chain, List<AuditRecord> batch) throws InterruptedException {
        for (int attempt = 1; !stopped; attempt++) {
            try {
                sink.deliver(chain, List.copyOf(batch));
                consecutiveFailures = 0;
                delivered.addAndGet(batch.size());
                listener.delivered(name, chain, batch.size());
                return true;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                consecutiveFailures = attempt;
                lastError = e.getMessage();
                listener.failed(name, chain, attempt, e);
                if (System.nanoTime() - nextRecount >= 0) {
                    recount();   // what waited before and what arrives while the sink fails, from every replica
                }
                if (attempt >= settings.maxAttempts() && !settings.failClosed()) {
                    deadLetters.write(batch, e, clock.instant());
                    deadLettered.addAndGet(batch.size());
                    listener.deadLettered(name, chain, batch.size());
                    consecutiveFailures = 0;
                    return true;
                }
                pause(settings.backoff(attempt).toMillis());
            }
        }
        return false;
    }

    /** Waits {@code millis}, or less when stopped. */
    private void pause(long millis) throws InterruptedException {
        stopSignal.await(millis, TimeUnit.MILLISECONDS);
    }

    void closeSink() {
        try {
            sink.close();
        } finally {
            cursor.close();
        }
    }
}
