package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SeverityTable;
import dev.custody.ports.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * {@code type: ocsf}. Properties: {@code url} (required, http or https), {@code token} (a secret, sent as
 * {@code Authorization: Bearer …} when set; also {@code ${ENV}} or {@code token-file}), {@code timeout} (10s),
 * {@code severity.<outcome>} / {@code severity.default}. HTTPS uses the JVM's trust store.
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
        Set<String> known = new HashSet<>(Set.of("url", "token", "timeout"));
        known.addAll(SeverityTable.keysIn(config));
        config.rejectUnknownKeys(known);
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
        return new OcsfWebhookSink(uri, config.secret("token").orElse(null), config.duration("timeout", Duration.ofSeconds(10)),
                new OcsfEvent(SeverityTable.from(config), productVersion()));
    }

    /** This build's version ({@code metadata.product.version}), written into the jar by Maven. */
    static String productVersion() {
        InputStream resource = OcsfWebhookSinkProvider.class.getResourceAsStream("product.properties");
        if (resource == null) {
            throw new IllegalStateException("the ocsf sink's jar lacks dev/custody/plugins/ocsf/product.properties");
        }
        try (InputStream in = resource) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ocsf sink's product.properties", e);
        }
    }
}
