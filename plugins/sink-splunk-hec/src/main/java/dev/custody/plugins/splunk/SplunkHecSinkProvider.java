package dev.custody.plugins.splunk;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SpiVersion;

/**
 * {@code type: splunk-hec}. Properties: {@code url} and {@code token} (required), {@code index},
 * {@code source} ({@code custody}), {@code sourcetype} ({@code custody:audit}), {@code host}, {@code ack}
 * (false), {@code channel} (a GUID; default a random one per start), {@code ack.timeout} (60s),
 * {@code ack.poll-interval} (500ms), {@code timeout} (10s), {@code severity.<outcome>} / {@code severity.default}.
 * {@code token} is a secret: inline, {@code ${ENV}} or {@code token-file}. HTTPS uses the JVM's trust store.
 */
public final class SplunkHecSinkProvider implements AuditSinkProvider {

    @Override
    public String name() {
        return "splunk-hec";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public AuditSink create(ProviderConfig config, ProviderContext context) {
        return new SplunkHecSink(HecSettings.from(config));
    }
}
