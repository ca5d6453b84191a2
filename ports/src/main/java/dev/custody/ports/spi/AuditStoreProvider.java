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

    /**
     * Where the store that {@link #create} would open with {@code config} should be, when nothing is there, found
     * without creating or changing anything: for read-only tools, which must not leave a new store behind at a
     * mistyped path. Empty when the store is there, or when the provider cannot tell without opening it (the
     * default).
     *
     * @return a one-line description naming the place and the setting to check, or empty
     */
    default Optional<String> missingStore(ProviderConfig config, ProviderContext context) {
        return Optional.empty();
    }
}
