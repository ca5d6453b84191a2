package dev.custody.plugins.syslog;

import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.SeverityTable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The validated properties of one syslog sink.
 *
 * @param maxMessageBytes the largest RFC 5424 message (header, structured data and MSG, in bytes) sent whole;
 *     a record whose message is larger goes as a reference frame ({@link Rfc5424#reference})
 * @param bom whether MSG starts with the UTF-8 byte order mark (RFC 5424 §6.4); off only for receivers that
 *     mishandle it
 */
record SyslogSettings(String host, int port, boolean tls, Path trustStore, String trustStorePassword, Format format,
        String hostname, String appName, int facility, Duration timeout, int maxMessageBytes, boolean bom,
        SeverityTable severity) {

    enum Format { JSON, CEF }

    /** RFC 5425 §4.3.1: every receiver must take messages of 2048 octets; a reference frame always fits in them. */
    static final int MIN_MESSAGE_BYTES = 2048;

    /** What rsyslog and RFC 5425 §4.3.1 ("SHOULD be able to process 8192 octets") accept without configuration. */
    static final int DEFAULT_MESSAGE_BYTES = 8192;

    static final Set<String> KEYS = Set.of("host", "port", "tls", "tls.trust-store", "tls.trust-store-password",
            "format", "hostname", "app-name", "facility", "timeout", "max-message-bytes", "bom");

    static SyslogSettings from(ProviderConfig c) {
        Set<String> known = new HashSet<>(KEYS);
        known.addAll(SeverityTable.keysIn(c));
        c.rejectUnknownKeys(known);
        String format = c.string("format", "json");
        Format f = switch (format) {
            case "json" -> Format.JSON;
            case "cef" -> Format.CEF;
            default -> throw c.invalid("format", format, "must be json or cef");
        };
        String hostname = c.string("hostname", localHost());
        if (!Rfc5424.isHeaderToken(hostname, 255)) {
            throw c.invalid("hostname", hostname, "must be 1-255 printable US-ASCII characters without spaces");
        }
        String app = c.string("app-name", "custody");
        if (!Rfc5424.isHeaderToken(app, 48)) {
            throw c.invalid("app-name", app, "must be 1-48 printable US-ASCII characters without spaces");
        }
        return new SyslogSettings(c.requireString("host"), c.integer("port", 6514, 1, 65535), c.bool("tls", false),
                c.path("tls.trust-store").orElse(null), c.secret("tls.trust-store-password").orElse(""), f, hostname, app,
                c.integer("facility", 13, 0, 23), c.duration("timeout", Duration.ofSeconds(10)),
                c.integer("max-message-bytes", DEFAULT_MESSAGE_BYTES, MIN_MESSAGE_BYTES, 64 * 1024 * 1024),
                c.bool("bom", true), SeverityTable.from(c));
    }

    private static String localHost() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return Rfc5424.isHeaderToken(h, 255) ? h : "-";
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
