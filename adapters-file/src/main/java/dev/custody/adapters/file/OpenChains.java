package dev.custody.adapters.file;

import static java.lang.System.Logger.Level.WARNING;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The chains a store holds open, at most {@code capacity} (ADR 0125): each one's recovered {@link ChainLog} (tip,
 * day-file index and, once appended to, a channel on its newest day file). A chain is opened — recovered from its
 * files — at its first use; when room is needed the least recently used chain that no caller holds is closed, and
 * it is recovered again at its next use. A closed chain costs no memory here.
 *
 * <p>Callers hold a chain through a {@link Lease} for the length of one operation. A leased chain is never closed,
 * so an append or a purge runs to its durable end on the channel it started with; its lease ends only after that.
 * When every open chain is leased, a caller of another chain waits until one is released. No caller holds two
 * leases at once, so the wait always ends.
 */
final class OpenChains {

    private static final System.Logger LOG = System.getLogger(OpenChains.class.getName());

    private final int capacity;
    private final Function<ChainId, ChainLog> opener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // guarded by lock; in access order, so the first is the least recently used
    private final LinkedHashMap<ChainId, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /** One open chain; {@code log} is null while its first caller recovers it. Guarded by the lock. */
    private static final class Slot {
        private final ChainId chain;
        private ChainLog log;
        private int users;

        private Slot(ChainId chain) {
            this.chain = chain;
        }
    }

    /**
     * @param capacity how many chains may be open at once, at least 1
     * @param opener recovers a chain from its files; runs without the lock, so recoveries of different chains
     *     proceed in parallel (never two of one chain)
     */
    OpenChains(int capacity, Function<ChainId, ChainLog> opener) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.opener = opener;
    }

    /** A chain held open by one caller; {@link #close()} releases it (once). */
    final class Lease implements AutoCloseable {
        private final Slot slot;
        private boolean released;

        private Lease(Slot slot) {
            this.slot = slot;
        }

        ChainLog log() {
            return slot.log;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(slot);
            }
        }
    }

    /**
     * Holds {@code chain} open, recovering it first if it is not, and closing the least recently used idle chain when
     * {@code capacity} chains are open already; waits while all of them are leased.
     *
     * @throws AuditStoreException when the store is closed
     * @throws RuntimeException what recovery threw (the chain is then not held open, and its next use tries again)
     */
    Lease acquire(ChainId chain) {
        Slot slot;
        lock.lock();
        try {
            while (true) {
                requireOpen(chain);
                slot = slots.get(chain);
                if (slot != null && slot.log != null) {
                    slot.users++;
                    return new Lease(slot);
                }
                if (slot == null && (slots.size() < capacity || closeLeastRecentlyUsed())) {
                    slot = new Slot(chain);
                    slot.users = 1;
                    slots.put(chain, slot);
                    break;
                }
                changed.awaitUninterruptibly();   // another caller recovers this chain, or every open chain is leased
            }
        } finally {
            lock.unlock();
        }
        return new Lease(recover(slot));
    }

    /**
     * Closes idle chains that hold a channel, least recently used first, until half of the open channels are closed
     * (at least one): what a store does when the OS refuses to open one more file.
     *
     * @return how many channels it closed
     */
    int shed() {
        lock.lock();
        try {
            int target = Math.max(1, openChannelsLocked() / 2);
            int shed = 0;
            for (Iterator<Slot> it = slots.values().iterator(); it.hasNext() && shed < target; ) {
                Slot s = it.next();
                if (s.users == 0 && s.log != null && s.log.holdsChannel()) {
                    it.remove();
                    closeQuietly(s);
                    shed++;
                }
            }
            changed.signalAll();
            return shed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code work}; when the OS refuses to open one more file, {@linkplain #shed() closes idle chains} and runs it
     * once more (ADR 0125). Out of descriptors again, or out of space, it fails with a
     * {@link dev.custody.ports.StoreUnavailableException} naming {@code operation}.
     */
    <T> T withRoom(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!Exhaustion.outOfDescriptors(e)) {
                throw Exhaustion.reported(operation, e);
            }
            LOG.log(WARNING, "{0}: out of file descriptors; closed {1} idle chains and trying once more", operation,
                    shed());
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw Exhaustion.reported(operation, e);
        }
    }

    /** Opens a day file for a reader, {@linkplain #shed() closing idle chains} and trying once more when out of descriptors. */
    BufferedReader openForReading(Path file) throws IOException {
        try {
            return ChainReader.FILES.open(file);
        } catch (IOException e) {
            if (!Exhaustion.outOfDescriptors(e)) {
                throw e;
            }
            shed();
        }
        return ChainReader.FILES.open(file);
    }

    /** How many chains are open (recovered or being recovered). */
    int openChains() {
        lock.lock();
        try {
            return slots.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many open chains hold a channel on their newest day file: the descriptors the store keeps between calls. */
    int openChannels() {
        lock.lock();
        try {
            return openChannelsLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The open chain's log, or null when {@code chain} is not open; for answers that must not open it. */
    ChainLog peek(ChainId chain) {
        lock.lock();
        try {
            Slot s = slots.get(chain);
            return s == null ? null : s.log;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes every open chain, waiting for the appends in progress; later acquisitions fail.
     *
     * @throws IOException the first failure to close a channel (the others are still closed)
     */
    void close() throws IOException {
        List<ChainLog> logs = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (Slot s : slots.values()) {
                if (s.log != null) {
                    logs.add(s.log);
                }
            }
            slots.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        IOException failure = null;
        for (ChainLog log : logs) {
            try {
                log.close();
            } catch (IOException e) {
                failure = failure != null ? failure : e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Slot recover(Slot slot) {
        ChainLog log;
        try {
            log = opener.apply(slot.chain);
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                slots.remove(slot.chain, slot);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            if (closed) {
                closeQuietly(log, slot.chain);
                requireOpen(slot.chain);
            }
            slot.log = log;
            changed.signalAll();
            return slot;
        } finally {
            lock.unlock();
        }
    }

    private void release(Slot slot) {
        lock.lock();
        try {
            if (--slot.users == 0) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the least recently used chain nobody holds; false when every open chain is held. Called with the lock. */
    private boolean closeLeastRecentlyUsed() {
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (s.users == 0 && s.log != null) {
                it.remove();
                closeQuietly(s);
                return true;
            }
        }
        return false;
    }

    private int openChannelsLocked() {
        int n = 0;
        for (Slot s : slots.values()) {
            if (s.log != null && s.log.holdsChannel()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Closes an idle chain's channel. Nobody holds the chain, so no append is in progress on it and its last batch is
     * durable: a close is one close(2), done under the lock so the chain cannot be reopened before it is closed.
     */
    private static void closeQuietly(Slot s) {
        closeQuietly(s.log, s.chain);
    }

    private static void closeQuietly(ChainLog log, ChainId chain) {
        try {
            log.close();
        } catch (IOException e) {
            LOG.log(WARNING, "Closing the newest day file of chain {0} failed (its records were durable already): {1}",
                    chain, e.getMessage());
        }
    }

    private void requireOpen(ChainId chain) {
        if (closed) {
            throw new AuditStoreException("chain " + chain + ": the file store is closed");
        }
    }
}
