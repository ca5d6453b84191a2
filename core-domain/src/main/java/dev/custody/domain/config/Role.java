package dev.custody.domain.config;

import java.util.Locale;

/** What an API key may do. */
public enum Role {
    /** Append events. */
    WRITER,
    /** Read and query events. */
    READER,
    /** Read, query, verify and export; every read states a purpose. */
    AUDITOR,
    /** Everything, including erasure, retention and holds. */
    ADMIN,
    /** Read the service's Prometheus metrics ({@code /prometheus}); no chain, no other management endpoint. */
    METRICS;

    /** {@code writer}, {@code reader}, {@code auditor}, {@code admin}, {@code metrics}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("must be one of writer, reader, auditor, admin, metrics");
    }
}
