package dev.custody.adapters.file.tck;

import dev.custody.ports.AuditStore;
import dev.custody.ports.KeyStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Opens the encrypted-file backend the way the service does: the tink key store, then the backend, by name. The
 * store closes its key store when it closes (as the service closes both), so the contract can reopen the directory:
 * only one key store may use a key directory at a time.
 */
final class EncryptedFileStores {

    private EncryptedFileStores() {
    }

    static AuditStore open(Path dir) {
        ClassLoader loader = EncryptedFileStores.class.getClassLoader();
        KeyStore keys = ProviderRegistry.load(KeyStoreProvider.class, loader, "key store").get("tink")
                .create(ProviderConfig.of("custody.keys.properties.", Map.of()), ProviderContext.of(dir));
        AuditStore store;
        try {
            store = ProviderRegistry.load(AuditStoreProvider.class, loader, "audit store backend").get("encrypted-file")
                    .create(ProviderConfig.of("custody.storage.primary.properties.", FileStores.properties(dir)),
                            new ProviderContext(dir, Clock.systemUTC(), keys));
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        return (AuditStore) Proxy.newProxyInstance(loader, new Class<?>[] {AuditStore.class}, (proxy, method, args) -> {
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    keys.close();
                }
            }
        });
    }
}
