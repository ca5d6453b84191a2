package dev.custody.ports.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a record matters to whoever watches a SIEM, on one scale that every sink translates into its
 * protocol's own: RFC 5424 severity, CEF severity, OCSF {@code severity_id}, a Splunk field. The
 * translations are fixed here so that one record has the same severity in every receiver; which outcome has
 * which severity is the {@link SeverityTable}'s (docs/plugins.md §6 prints both).
 */
public enum Severity {
    /** Something happened as intended. Syslog 6 (informational), CEF 3, OCSF 1 (Informational). */
    INFORMATIONAL(6, 3, 1, "Informational"),
    /** Worth knowing, not wrong. Syslog 5 (notice), CEF 5, OCSF 2 (Low). */
    LOW(5, 5, 2, "Low"),
    /** A refusal: someone was stopped. Syslog 4 (warning), CEF 7, OCSF 3 (Medium). */
    MEDIUM(4, 7, 3, "Medium"),
    /** Something failed. Syslog 3 (error), CEF 8, OCSF 4 (High). */
    HIGH(3, 8, 4, "High"),
    /** Needs someone now. Syslog 2 (critical), CEF 10, OCSF 5 (Critical). */
    CRITICAL(2, 10, 5, "Critical");

    private final int syslog;
    private final int cef;
    private final int ocsfId;
    private final String caption;

    Severity(int syslog, int cef, int ocsfId, String caption) {
        this.syslog = syslog;
        this.cef = cef;
        this.ocsfId = ocsfId;
        this.caption = caption;
    }

    /** The RFC 5424 severity (0 emergency … 7 debug) that goes into PRI. */
    public int syslog() {
        return syslog;
    }

    /** The CEF header severity (0 … 10). */
    public int cef() {
        return cef;
    }

    /** The OCSF {@code severity_id}. */
    public int ocsfId() {
        return ocsfId;
    }

    /** The OCSF caption of {@link #ocsfId()}, e.g. {@code Informational}. */
    public String caption() {
        return caption;
    }

    /** The name configuration and fields use: {@code informational}, {@code low}, … */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity named {@code name} ({@link #configName()}, any case). */
    public static Optional<Severity> byName(String name) {
        for (Severity s : values()) {
            if (s.configName().equalsIgnoreCase(name.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
