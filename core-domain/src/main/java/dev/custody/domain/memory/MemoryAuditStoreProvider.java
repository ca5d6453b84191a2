package dev.custody.domain.memory;

import dev.custody.ports.AuditStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.util.Set;

/** Provides the {@code memory} backend. It takes no properties. */
public final class MemoryAuditStoreProvider implements AuditStoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public AuditStore create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of());
        return new MemoryAuditStore();
    }
}
