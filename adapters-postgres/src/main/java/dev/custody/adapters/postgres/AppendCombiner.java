package dev.custody.adapters.postgres;

import dev.custody.adapters.postgres.AppendSql.Request;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit across chains, by flat combining. Every caller queues its request; a caller that finds a
 * free round slot becomes the leader and runs, on its own thread, one round with everything queued:
 * a single request goes through the one-statement path (no hand-off, no extra round trip), several
 * requests of distinct chains through {@link Runner#many} in one transaction. Followers park until their
 * request is done or a slot frees up.
 *
 * <p>Why: with many writers per chain each waiting for its own acknowledgement, a chain's batches stay
 * small, and PostgreSQL's cost is mostly per statement and per commit (executor start-up on a partitioned
 * table with ten indexes, the WAL flush), not per row. Combining the chains' batches divides that cost by
 * the number of chains in the round (docs/performance.md, issue 4).
 *
 * <p>A round holds at most one request per chain and no genesis append (those need the insert-if-absent
 * head and go alone); the rest wait for the next round. At most {@code slots} rounds run at once, so one
 * round's commit can overlap the next round's statement.
 */
final class AppendCombiner {

    /** Runs rounds; implemented by the store. */
    interface Runner {
        /** One request alone; returns null when appended, else the head found. */
        ChainTip single(Request request);

        /** Requests of distinct chains, in one transaction; per request null or the head found. */
        List<ChainTip> many(List<Request> requests);
    }

    /** Upper bound of records in one round (one statement's arrays). */
    static final int MAX_ROWS_PER_ROUND = 4_096;

    /** How long a follower parks before it re-checks for a free slot (a lost wake-up costs at most this). */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final class Pending {
        final Request request;
        final Thread waiter = Thread.currentThread();
        volatile boolean done;
        ChainTip head;
        RuntimeException failure;

        Pending(Request request) {
            this.request = request;
        }

        void complete(ChainTip head, RuntimeException failure) {
            this.head = head;
            this.failure = failure;
            this.done = true;
            LockSupport.unpark(waiter);
        }
    }

    private final ConcurrentLinkedDeque<Pending> queue = new ConcurrentLinkedDeque<>();
    private final Semaphore slots;
    private final Runner runner;

    AppendCombiner(int slots, Runner runner) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        }
        this.slots = new Semaphore(slots);
        this.runner = runner;
    }

    /**
     * Appends {@code request} in some round; returns null when appended, else the head found.
     *
     * @throws RuntimeException what the round threw for this request
     */
    ChainTip append(Request request) {
        Pending mine = new Pending(request);
        queue.add(mine);
        while (!mine.done) {
            if (slots.tryAcquire()) {
                try {
                    lead();
                } finally {
                    slots.release();
                }
                wakeNext();
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.head;
    }

    /** After a round: if work is waiting, wake its owner so that it takes the free slot. */
    private void wakeNext() {
        Pending next = queue.peekFirst();
        if (next != null) {
            LockSupport.unpark(next.waiter);
        }
    }

    private void lead() {
        List<Pending> round = new ArrayList<>();
        List<Pending> later = new ArrayList<>();
        Set<ChainId> chains = new HashSet<>();
        int rows = 0;
        Pending p;
        while (rows < MAX_ROWS_PER_ROUND && (p = queue.pollFirst()) != null) {
            Request r = p.request;
            if (r.expected().isGenesis() && !round.isEmpty() || !chains.add(r.chain())) {
                later.add(p);
                continue;
            }
            round.add(p);
            rows += r.batch().size();
            if (r.expected().isGenesis()) {
                break;
            }
        }
        for (int k = later.size() - 1; k >= 0; k--) {
            queue.addFirst(later.get(k));
        }
        if (round.size() == 1) {
            runSingle(round.get(0));
        } else if (!round.isEmpty()) {
            runMany(round);
        }
    }

    private void runSingle(Pending p) {
        try {
            p.complete(runner.single(p.request), null);
        } catch (RuntimeException e) {
            p.complete(null, e);
        }
    }

    private void runMany(List<Pending> round) {
        List<Request> requests = new ArrayList<>(round.size());
        round.forEach(p -> requests.add(p.request));
        List<ChainTip> heads;
        try {
            heads = runner.many(requests);
        } catch (RuntimeException e) {
            if (SqlFailures.isConnectionFailure(e)) {
                round.forEach(p -> p.complete(null, e));
                return;
            }
            // Anything else may be one request's fault: give each its own transaction and its own answer.
            round.forEach(this::runSingle);
            return;
        }
        for (int k = 0; k < round.size(); k++) {
            round.get(k).complete(heads.get(k), null);
        }
    }
}
