package dev.custody.adapters.file.tck;

import dev.custody.ports.AuditStore;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Opens the file backend the way the service does: by name, through ServiceLoader. */
final class FileStores {

    /** One writer process per directory. */
    static final Set<StoreCapability> UNSUPPORTED = Set.of(StoreCapability.MULTI_WRITER, StoreCapability.SERIALIZED_APPEND);

    private FileStores() {
    }

    static AuditStore open(Path dir) {
        return ProviderRegistry.load(AuditStoreProvider.class, FileStores.class.getClassLoader(), "audit store backend")
                .get("file")
                .create(ProviderConfig.of("custody.storage.primary.properties.", Map.of("dir", dir.resolve("records").toString())),
                        ProviderContext.of(dir));
    }
}
