package dev.custody.ports.spi;

import dev.custody.ports.AuditSink;

/**
 * Creates {@link AuditSink}s. Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.AuditSinkProvider}; {@link #name()} is the value of
 * {@code custody.sinks[i].type}.
 */
public interface AuditSinkProvider extends Provider<AuditSink> {

    /**
     * The SPI version this provider was compiled against. Implement it as
     * {@code return SpiVersion.CURRENT;}: the constant is copied into the plugin at compile time, so the
     * service can tell which SPI the plugin was built for and refuse one it cannot run
     * ({@link SpiVersion#isSupported}).
     */
    int spiVersion();
}
