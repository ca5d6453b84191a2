package dev.custody.domain.spool;

import dev.custody.ports.ChainId;
import java.util.Set;

/**
 * What the spool holds right now, for health and metrics.
 *
 * @param enabled whether appends spool when the system of record is unreachable
 * @param storeReachable false from a failed store call until the drainer's next successful probe
 * @param events events waiting
 * @param bytes bytes of spool files waiting
 * @param maxEvents the bound on {@code events}
 * @param maxBytes the bound on {@code bytes}
 * @param chains the chains with events waiting
 */
public record SpoolStatus(boolean enabled, boolean storeReachable, long events, long bytes, long maxEvents, long maxBytes,
        Set<ChainId> chains) {

    public SpoolStatus {
        chains = Set.copyOf(chains);
    }

    /** Whether anything waits or the store is known to be down: the instance is degraded. */
    public boolean degraded() {
        return !storeReachable || events > 0;
    }

    /** Whether the spool is at a bound (new appends are refused while the store is down). */
    public boolean full() {
        return events >= maxEvents || bytes >= maxBytes;
    }
}
