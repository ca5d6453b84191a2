package dev.custody.ports.spi;

import dev.custody.ports.KeyStore;

/**
 * Creates {@link KeyStore}s. Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.KeyStoreProvider}. The service creates the configured
 * key store before any storage backend and hands it to them in {@link ProviderContext#keys()}.
 */
public interface KeyStoreProvider extends Provider<KeyStore> {
}
