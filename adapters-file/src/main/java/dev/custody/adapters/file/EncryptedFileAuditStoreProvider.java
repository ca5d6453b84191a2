package dev.custody.adapters.file;

import dev.custody.ports.AuditStore;
import dev.custody.ports.KeyStore;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.util.Set;

/**
 * The {@code encrypted-file} backend: the {@code file} layout with every stored line sealed by an AEAD
 * keyset of the service's key store, bound to its chain and seq. Properties: {@code dir} (default
 * {@code <custody.home>/records}), {@code max-open-chains} (default 1024) and {@code keyset} (default
 * {@code store.encrypted-file}).
 */
public final class EncryptedFileAuditStoreProvider implements AuditStoreProvider {

    /** The configuration name of this backend. */
    public static final String NAME = "encrypted-file";
    /** The property naming the keyset that seals the lines. */
    public static final String KEYSET = "keyset";
    /** The keyset used when none is configured. */
    public static final String DEFAULT_KEYSET = "store.encrypted-file";

    /** Needed by {@link java.util.ServiceLoader}; does no work. */
    public EncryptedFileAuditStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the store with the keyset (created on first use).
     *
     * @throws ConfigurationException on an unknown property, a bad {@code dir} or {@code max-open-chains}, or when the service has no
     *     key store or the keyset cannot be used
     */
    @Override
    public AuditStore create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of(FileAuditStoreProvider.DIR, FileAuditStoreProvider.MAX_OPEN_CHAINS, KEYSET));
        String keyset = config.string(KEYSET, DEFAULT_KEYSET);
        int maxOpenChains = FileAuditStoreProvider.maxOpenChains(config);
        if (context.keys() == KeyStore.NONE) {
            throw new ConfigurationException("Backend " + NAME + " needs a key store, and none is configured (custody.keys)");
        }
        KeysetCipher cipher;
        try {
            cipher = context.keys().cipher(keyset);
        } catch (IllegalArgumentException | KeyStoreException e) {
            throw config.invalid(KEYSET, keyset, e.getMessage());
        }
        return FileAuditStore.open(FileAuditStoreProvider.directory(config, context), context.clock(), new SealedLines(cipher),
                maxOpenChains);
    }

    /** No store where {@code dir} points, as for the {@code file} backend. */
    @Override
    public java.util.Optional<String> missingStore(ProviderConfig config, ProviderContext context) {
        return FileAuditStoreProvider.absentAt(config, context);
    }
}
