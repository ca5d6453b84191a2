package dev.custody.adapters.file.tck;

import dev.custody.ports.AuditStore;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.nio.file.Path;
import java.util.HashMap;
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
                .create(ProviderConfig.of("custody.storage.primary.properties.", properties(dir)), ProviderContext.of(dir));
    }

    /**
     * The backend's properties: its directory under {@code dir}, and {@code max-open-chains} when the build sets
     * {@code custody.test.max-open-chains} (it runs the kit a second time with 2, so chains are closed and recovered
     * again under the contracts).
     */
    static Map<String, String> properties(Path dir) {
        Map<String, String> properties = new HashMap<>();
        properties.put("dir", dir.resolve("records").toString());
        String cap = System.getProperty("custody.test.max-open-chains");
        if (cap != null) {
            properties.put("max-open-chains", cap);
        }
        return properties;
    }
}
