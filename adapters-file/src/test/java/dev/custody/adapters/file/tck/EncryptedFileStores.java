package dev.custody.adapters.file.tck;

import dev.custody.ports.AuditStore;
import dev.custody.ports.KeyStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Opens the encrypted-file backend the way the service does: the tink key store, then the backend, by name. */
final class EncryptedFileStores {

    private EncryptedFileStores() {
    }

    static AuditStore open(Path dir) {
        ClassLoader loader = EncryptedFileStores.class.getClassLoader();
        KeyStore keys = ProviderRegistry.load(KeyStoreProvider.class, loader, "key store").get("tink")
                .create(ProviderConfig.of("custody.keys.properties.", Map.of()), ProviderContext.of(dir));
        return ProviderRegistry.load(AuditStoreProvider.class, loader, "audit store backend").get("encrypted-file")
                .create(ProviderConfig.of("custody.storage.primary.properties.", Map.of("dir", dir.resolve("records").toString())),
                        new ProviderContext(dir, Clock.systemUTC(), keys));
    }
}
