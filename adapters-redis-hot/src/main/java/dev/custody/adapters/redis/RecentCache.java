package dev.custody.adapters.redis;

import dev.custody.ports.ChainId;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runs this replica holds of recent streams, one per chain (ADR 0112). Bounded by the estimated weight of
 * all entries ({@code read-cache-bytes}): a run heavier than that keeps its newest entries, and the least recently
 * read chains go first. A chain not read for {@code idleMillis} is released on the next read of any chain; there
 * is no thread, timer or metric per chain.
 */
final class RecentCache {

    private static final class Held {
        final CachedRun run;
        final long weight;
        long readAt;

        Held(CachedRun run, long readAt) {
            this.run = run;
            this.weight = run.weight();
            this.readAt = readAt;
        }
    }

    private final long maxBytes;
    private final long idleMillis;
    private final Clock clock;
    private final LinkedHashMap<ChainId, Held> chains = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /** @param maxBytes 0 holds nothing */
    RecentCache(long maxBytes, long idleMillis, Clock clock) {
        this.maxBytes = maxBytes;
        this.idleMillis = idleMillis;
        this.clock = clock;
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    /** The run held of {@code chain}, or null; counts as a read. */
    synchronized CachedRun get(ChainId chain) {
        long now = clock.millis();
        releaseIdle(now);
        Held h = chains.get(chain);
        if (h == null) {
            return null;
        }
        h.readAt = now;
        return h.run;
    }

    /** Holds {@code run} for {@code chain} instead of what it held, within the bounds; returns what is held. */
    synchronized CachedRun put(ChainId chain, CachedRun run) {
        drop(chains.remove(chain));
        CachedRun kept = run.trimmedTo(maxBytes);
        if (kept.isEmpty()) {
            return kept;
        }
        Held h = new Held(kept, clock.millis());
        chains.put(chain, h);
        bytes += h.weight;
        Iterator<Map.Entry<ChainId, Held>> eldest = chains.entrySet().iterator();
        while (bytes > maxBytes) {
            Map.Entry<ChainId, Held> e = eldest.next();   // never reaches chain: it is the newest and fits alone
            drop(e.getValue());
            eldest.remove();
        }
        return kept;
    }

    synchronized void remove(ChainId chain) {
        drop(chains.remove(chain));
    }

    /** Forgets every chain (Redis may have restarted while it was unreachable). */
    synchronized void clear() {
        chains.clear();
        bytes = 0;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int chainCount() {
        return chains.size();
    }

    private void drop(Held h) {
        if (h != null) {
            bytes -= h.weight;
        }
    }

    private void releaseIdle(long now) {
        Iterator<Held> eldest = chains.values().iterator();
        while (eldest.hasNext()) {
            Held h = eldest.next();
            if (now - h.readAt < idleMillis) {
                return;
            }
            drop(h);
            eldest.remove();
        }
    }
}
