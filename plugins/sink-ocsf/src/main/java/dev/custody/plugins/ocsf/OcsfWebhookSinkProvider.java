package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SpiVersion;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * {@code type: ocsf}. Properties: {@code url} (required, http or https), {@code token} (sent as
 * {@code Authorization: Bearer …} when set), {@code timeout} (10s). HTTPS uses the JVM's trust store.
 */
public final class OcsfWebhookSinkProvider implements AuditSinkProvider {

    @Override
    public String name() {
        return "ocsf";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public AuditSink create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of("url", "token", "timeout"));
        String url = config.requireString("url");
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw config.invalid("url", url, "must be an http or https URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw config.invalid("url", url, "must be an http or https URL with a host");
        }
        return new OcsfWebhookSink(uri, config.string("token").orElse(null), config.duration("timeout", Duration.ofSeconds(10)));
    }
}
