package dev.custody.domain.memory;

import dev.custody.ports.ArchiveStore;
import dev.custody.ports.spi.ArchiveStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.util.Set;

/** Provides the {@code memory} archive (tests and development only). It takes no properties. */
public final class MemoryArchiveStoreProvider implements ArchiveStoreProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public ArchiveStore create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of());
        return new MemoryArchiveStore();
    }
}
