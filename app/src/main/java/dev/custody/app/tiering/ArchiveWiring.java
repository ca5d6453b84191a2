package dev.custody.app.tiering;

import dev.custody.domain.config.ArchiveConfig;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.domain.tiering.LiveTraffic;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.AuditStore;
import dev.custody.ports.KeyStore;
import dev.custody.ports.spi.ArchiveStoreProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.net.InetAddress;
import java.time.Clock;

/** Opens the configured cold archive ({@code custody.archive.provider}) and builds {@link Tiering} on it. */
public final class ArchiveWiring {

    private ArchiveWiring() {
    }

    /**
     * @param traffic the service's appends, which archival yields to ({@link LiveTraffic#none()} offline)
     * @return the tiering services, or null when no archive is configured
     * @throws ConfigurationException naming the key when the provider is unknown or its properties are invalid
     */
    public static Tiering tiering(ComplianceStorageConfig config, AuditStore store, ClassLoader loader, KeyStore keys, Clock clock,
            LiveTraffic traffic) {
        ArchiveConfig archiveConfig = config.archive();
        if (archiveConfig == null) {
            return null;
        }
        ProviderRegistry<ArchiveStoreProvider> registry = ProviderRegistry.load(ArchiveStoreProvider.class, loader, "archive store");
        String name = archiveConfig.backend().backend();
        if (!registry.names().contains(name)) {
            throw ConfigurationException.invalid(ArchiveConfig.KEY + ".provider", name, "no such archive store; known: " + registry.names());
        }
        ArchiveStore archive = registry.get(name).create(
                ProviderConfig.of(archiveConfig.backend().propertiesPrefix(), archiveConfig.backend().properties()),
                new ProviderContext(config.home(), clock, keys));
        return new Tiering(store, archive, archiveConfig, "custody@" + hostname(), clock, traffic);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
