package dev.custody.plugins.syslog;

import dev.custody.ports.spi.ProviderConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The validated properties of one syslog sink. */
record SyslogSettings(String host, int port, boolean tls, Path trustStore, String trustStorePassword, Format format,
        String hostname, String appName, int facility, Duration timeout) {

    enum Format { JSON, CEF }

    static final Set<String> KEYS = Set.of("host", "port", "tls", "tls.trust-store", "tls.trust-store-password",
            "format", "hostname", "app-name", "facility", "timeout");

    static SyslogSettings from(ProviderConfig c) {
        c.rejectUnknownKeys(KEYS);
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
                c.path("tls.trust-store").orElse(null), c.string("tls.trust-store-password", ""), f, hostname, app,
                c.integer("facility", 13, 0, 23), c.duration("timeout", Duration.ofSeconds(10)));
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
