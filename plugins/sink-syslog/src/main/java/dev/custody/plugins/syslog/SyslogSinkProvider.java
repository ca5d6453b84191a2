package dev.custody.plugins.syslog;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SpiVersion;

/**
 * {@code type: syslog}. Properties: {@code host} (required), {@code port} (6514), {@code tls} (false),
 * {@code tls.trust-store} / {@code tls.trust-store-password} (PKCS12; default: the JVM's trust),
 * {@code format} ({@code json} | {@code cef}), {@code hostname}, {@code app-name} ({@code custody}),
 * {@code facility} (13, log audit), {@code timeout} (10s), {@code max-message-bytes} (8192: a larger message
 * goes as a reference frame), {@code bom} (true), {@code severity.<outcome>} / {@code severity.default}.
 */
public final class SyslogSinkProvider implements AuditSinkProvider {

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public AuditSink create(ProviderConfig config, ProviderContext context) {
        SyslogSettings settings = SyslogSettings.from(config);
        return new SyslogSink(settings, Tls.socketFactory(settings, config), context.metrics(), context.logger());
    }
}
