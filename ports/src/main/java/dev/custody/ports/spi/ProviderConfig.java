package dev.custody.ports.spi;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A read-only, typed view of one provider's string properties. Getters come in pairs: one returning
 * {@link Optional} (absent or blank means empty) and one with a default. Every malformed value throws
 * {@link ConfigurationException} naming the full key ({@code prefix + key}) and the value.
 */
public final class ProviderConfig {

    private final String prefix;
    private final Map<String, String> properties;

    private ProviderConfig(String prefix, Map<String, String> properties) {
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.properties = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(properties, "properties is null")));
    }

    /**
     * @param prefix what error messages put before a key, e.g. {@code custody.storage.primary.properties.}
     * @param properties the provider's properties; copied
     */
    public static ProviderConfig of(String prefix, Map<String, String> properties) {
        return new ProviderConfig(prefix, properties);
    }

    /** A configuration with no properties. */
    public static ProviderConfig empty(String prefix) {
        return new ProviderConfig(prefix, Map.of());
    }

    /** The full name of {@code key}, as messages print it. */
    public String fullKey(String key) {
        return prefix + key;
    }

    /** Every key given. */
    public Set<String> keys() {
        return properties.keySet();
    }

    /** The value of {@code key}, trimmed; empty when absent or blank. */
    public Optional<String> string(String key) {
        String v = properties.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** The value of {@code key}, or {@code defaultValue}. */
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** @throws ConfigurationException when {@code key} is absent or blank */
    public String requireString(String key) {
        return string(key).orElseThrow(() -> new ConfigurationException("Missing required property " + fullKey(key)));
    }

    /** @throws ConfigurationException when present but not an integer */
    public Optional<Integer> integer(String key) {
        return string(key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw invalid(key, v, "must be an integer");
            }
        });
    }

    /** @throws ConfigurationException when present but not an integer within [min, max] */
    public int integer(String key, int defaultValue, int min, int max) {
        int v = integer(key).orElse(defaultValue);
        if (v < min || v > max) {
            throw invalid(key, String.valueOf(v), "must be between " + min + " and " + max);
        }
        return v;
    }

    /** @throws ConfigurationException when present but not {@code true} or {@code false} */
    public Optional<Boolean> bool(String key) {
        return string(key).map(v -> {
            if (v.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (v.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw invalid(key, v, "must be true or false");
        });
    }

    public boolean bool(String key, boolean defaultValue) {
        return bool(key).orElse(defaultValue);
    }

    /**
     * A duration written as ISO-8601 ({@code PT10S}, {@code P7D}) or as a number with a unit
     * ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 7d}).
     *
     * @throws ConfigurationException when present but malformed or negative
     */
    public Optional<Duration> duration(String key) {
        return string(key).map(v -> {
            Duration d = parseDuration(v);
            if (d == null) {
                throw invalid(key, v, "must be a duration such as 250ms, 10s, 5m, 1h, 7d or PT10S");
            }
            if (d.isNegative()) {
                throw invalid(key, v, "must not be negative");
            }
            return d;
        });
    }

    public Duration duration(String key, Duration defaultValue) {
        return duration(key).orElse(defaultValue);
    }

    /** @throws ConfigurationException when present but not a valid path */
    public Optional<Path> path(String key) {
        return string(key).map(v -> {
            try {
                return Path.of(v);
            } catch (RuntimeException e) {
                throw invalid(key, v, "must be a file system path");
            }
        });
    }

    public Path path(String key, Path defaultValue) {
        return path(key).orElse(defaultValue);
    }

    /**
     * Rejects keys the provider does not know, so a typo fails at startup instead of being ignored.
     *
     * @throws ConfigurationException naming the unknown keys and the known ones
     */
    public void rejectUnknownKeys(Set<String> known) {
        Set<String> unknown = new TreeSet<>(properties.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("Unknown properties " + unknown.stream().map(this::fullKey).toList()
                    + "; known: " + new TreeSet<>(known));
        }
    }

    /** A {@link ConfigurationException} naming the full key and the value. */
    public ConfigurationException invalid(String key, String value, String reason) {
        return ConfigurationException.invalid(fullKey(key), value, reason);
    }

    private static Duration parseDuration(String v) {
        if (v.startsWith("P") || v.startsWith("p") || v.startsWith("-P")) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15) {
            return null;
        }
        long n = Long.parseLong(v.substring(0, i));
        try {
            switch (v.substring(i).trim()) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                case "d": return Duration.ofDays(n);
                default: return null;
            }
        } catch (ArithmeticException e) {
            return null;    // beyond what a Duration holds, e.g. 999999999999999d
        }
    }

    /** Keys and values, for diagnostics; values of keys that look secret are masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, looksSecret(k) ? "****" : v));
        return "ProviderConfig[" + prefix + shown + "]";
    }

    private static boolean looksSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("key");
    }
}
