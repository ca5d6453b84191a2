package dev.custody.app;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.ports.AuditStore;
import dev.custody.ports.KeyStore;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;

/**
 * The composition root: from a {@link ComplianceStorageConfig} it finds the configured providers by name,
 * creates the system of record, checks it against the compliance flags and builds the domain services on
 * it. The service and the offline CLI commands both start here; nothing else creates storage.
 */
public final class CustodyRuntime implements AutoCloseable {

    private final ComplianceStorageConfig config;
    private final KeyStore keys;
    private final AuditStore store;
    private final ChainAppender appender;
    private final ChainVerifier verifier = new ChainVerifier();
    private final Clock clock;

    private CustodyRuntime(ComplianceStorageConfig config, KeyStore keys, AuditStore store, ChainAppender appender,
            Clock clock) {
        this.config = config;
        this.keys = keys;
        this.store = store;
        this.appender = appender;
        this.clock = clock;
    }

    /**
     * Opens the configured backends and builds the services.
     *
     * @throws ConfigurationException naming the key and value when something configured cannot work
     */
    public static CustodyRuntime start(ComplianceStorageConfig config, AppendListener listener, ClassLoader loader, Clock clock) {
        requireNonNull(config, "config is null");
        try {
            Files.createDirectories(config.home());
        } catch (IOException | SecurityException e) {
            throw ConfigurationException.invalid("custody.home", config.home().toString(), "must be a writable directory ("
                    + e.getMessage() + ")");
        }
        if (!Files.isWritable(config.home())) {
            throw ConfigurationException.invalid("custody.home", config.home().toString(), "must be a writable directory");
        }
        KeyStore keys = keyStore(config, loader, clock);
        ProviderRegistry<AuditStoreProvider> registry =
                ProviderRegistry.load(AuditStoreProvider.class, loader, "audit store backend");
        String backend = config.primary().backend();
        AuditStore store;
        try {
            if (!registry.names().contains(backend)) {
                throw ConfigurationException.invalid(config.primary().key() + ".backend", backend,
                        "no such backend; known: " + registry.names() + " (a plugin backend needs its jar in the plugins directory)");
            }
            store = registry.get(backend).create(
                    ProviderConfig.of(config.primary().propertiesPrefix(), config.primary().properties()),
                    new ProviderContext(config.home(), clock, keys));
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        try {
            if (config.compliance().hashChain() && !store.capabilities().contains(StoreCapability.CONDITIONAL_APPEND)) {
                throw new ConfigurationException("custody.compliance.hash-chain is on (mode "
                        + config.compliance().mode().configName() + "), but backend '" + backend
                        + "' cannot enforce atomic sequence uniqueness; choose a backend that can (file, postgres) "
                        + "or set custody.compliance.hash-chain=false");
            }
            AppendOptions options = AppendOptions.DEFAULT.withLimits(config.limits().event())
                    .withMaxBatchEvents(Math.max(AppendOptions.DEFAULT.maxBatchEvents(), config.limits().maxBatchEvents()));
            return new CustodyRuntime(config, keys, store, new ChainAppender(store, clock, options, listener), clock);
        } catch (RuntimeException e) {
            store.close();
            keys.close();
            throw e;
        }
    }

    /** The configured key store ({@code custody.keys.provider}, default {@code tink}), opened before any backend. */
    private static KeyStore keyStore(ComplianceStorageConfig config, ClassLoader loader, Clock clock) {
        ProviderRegistry<KeyStoreProvider> registry = ProviderRegistry.load(KeyStoreProvider.class, loader, "key store");
        String name = config.keys().backend();
        if (!registry.names().contains(name)) {
            throw ConfigurationException.invalid(config.keys().key() + ".provider", name, "no such key store; known: "
                    + registry.names());
        }
        return registry.get(name).create(ProviderConfig.of(config.keys().propertiesPrefix(), config.keys().properties()),
                new ProviderContext(config.home(), clock));
    }

    public ComplianceStorageConfig config() {
        return config;
    }

    /** The key store every encrypting backend and the personal-data cipher use. */
    public KeyStore keys() {
        return keys;
    }

    /** The system of record. */
    public AuditStore store() {
        return store;
    }

    public ChainAppender appender() {
        return appender;
    }

    public ChainVerifier verifier() {
        return verifier;
    }

    public Clock clock() {
        return clock;
    }

    /** Finishes pending appends, then closes the store. */
    @Override
    public void close() {
        try {
            appender.close();
        } finally {
            try {
                store.close();
            } finally {
                keys.close();
            }
        }
    }
}
