package dev.custody.ports.spi;

import dev.custody.ports.AuditStore;

/**
 * Creates {@link AuditStore}s. Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.AuditStoreProvider}.
 */
public interface AuditStoreProvider extends Provider<AuditStore> {
}
