package dev.custody.plugins.splunk;

import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.SeverityTable;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** The validated properties of one Splunk HEC sink; {@code token} is a secret ({@link ProviderConfig#secret}). */
record HecSettings(URI url, String token, String index, String source, String sourcetype, String host, boolean ack,
        String channel, Duration ackTimeout, Duration ackPollInterval, Duration timeout, SeverityTable severity) {

    /** The token never appears in a string of the settings. */
    @Override
    public String toString() {
        return "HecSettings[url=" + url + ", index=" + index + ", sourcetype=" + sourcetype + ", ack=" + ack + "]";
    }

    static final Set<String> KEYS = Set.of("url", "token", "index", "source", "sourcetype", "host", "ack", "channel",
            "ack.timeout", "ack.poll-interval", "timeout");

    static HecSettings from(ProviderConfig c) {
        Set<String> known = new HashSet<>(KEYS);
        known.addAll(SeverityTable.keysIn(c));
        c.rejectUnknownKeys(known);
        String url = c.requireString("url");
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw c.invalid("url", url, "must be a URL such as https://splunk.example.com:8088");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw c.invalid("url", url, "must be an http or https URL with a host");
        }
        String channel = c.string("channel", UUID.randomUUID().toString());
        try {
            UUID.fromString(channel);
        } catch (IllegalArgumentException e) {
            throw c.invalid("channel", channel, "must be a GUID");
        }
        return new HecSettings(uri, c.requireSecret("token"), c.string("index").orElse(null), c.string("source", "custody"),
                c.string("sourcetype", "custody:audit"), c.string("host").orElse(null), c.bool("ack", false), channel,
                c.duration("ack.timeout", Duration.ofSeconds(60)), c.duration("ack.poll-interval", Duration.ofMillis(500)),
                c.duration("timeout", Duration.ofSeconds(10)), SeverityTable.from(c));
    }
}
