package dev.custody.ports.spi;

import dev.custody.ports.AuditStore;
import dev.custody.ports.StoreCapability;
import java.util.Optional;
import java.util.Set;

/**
 * Creates {@link AuditStore}s. Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.AuditStoreProvider}.
 */
public interface AuditStoreProvider extends Provider<AuditStore> {

    /**
     * The capabilities of every store this provider creates, when they are known without reaching the store. A
     * provider that declares them lets the service start while its store is unreachable ({@link #create} throws
     * {@link dev.custody.ports.StoreUnavailableException}): the service then spools or refuses appends, as during
     * any outage, and calls {@code create} again in the background until it succeeds. Empty (the default): a store
     * that cannot be reached at start stops the start.
     */
    default Optional<Set<StoreCapability>> capabilitiesBeforeConnecting() {
        return Optional.empty();
    }
}
