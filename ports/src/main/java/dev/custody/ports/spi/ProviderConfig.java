package dev.custody.ports.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A read-only, typed view of one provider's string properties. Getters come in pairs: one returning
 * {@link Optional} (absent or blank means empty) and one with a default. Every malformed value throws
 * {@link ConfigurationException} naming the full key ({@code prefix + key}) and the value.
 *
 * <p><b>Secrets.</b> A key whose name ends in {@code password}, {@code passphrase}, {@code secret},
 * {@code token}, {@code api-key}, {@code private-key} or {@code secret-key} ({@link #isSecretKey}) holds a
 * secret: {@link #toString()} and {@link #invalid} print {@code ****} instead of its value. Read it with
 * {@link #secret(String)}, which also takes the value from an environment variable ({@code token: ${HEC_TOKEN}})
 * or from a file ({@code token-file: /run/secrets/hec-token}); {@link #rejectUnknownKeys} accepts the
 * {@code -file} form of every known secret key.
 */
public final class ProviderConfig {

    /** The suffix of the key that names a file holding a secret key's value. */
    public static final String FILE_SUFFIX = "-file";

    private static final List<String> SECRET_ENDINGS = List.of("password", "passphrase", "secret", "token", "api-key",
            "apikey", "private-key", "secret-key", "secret-access-key");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String MASK = "****";

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
     * Whether {@code key} holds a secret: its name (case-insensitive) ends in {@code password},
     * {@code passphrase}, {@code secret}, {@code token}, {@code api-key}, {@code apikey}, {@code private-key},
     * {@code secret-key} or {@code secret-access-key}. Name a provider's secret properties so.
     */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_ENDINGS.stream().anyMatch(k::endsWith);
    }

    /**
     * A secret, given in one of three ways: inline ({@code token: abc}); as {@code ${NAME}}, the value of the
     * environment variable {@code NAME}; or by {@code <key>-file: /path}, the file's content (UTF-8) without
     * its trailing line break. Messages never print the secret.
     *
     * @param key a secret key ({@link #isSecretKey}); anything else is a programming error, because only
     *     such keys are redacted
     * @return empty when neither {@code key} nor {@code key-file} is given
     * @throws ConfigurationException when both are given, the variable is not set or empty, or the file cannot
     *     be read, is empty or is not UTF-8
     * @throws IllegalArgumentException when {@code key} is not named as a secret
     */
    public Optional<String> secret(String key) {
        if (!isSecretKey(key)) {
            throw new IllegalArgumentException(key + " is not named as a secret (see ProviderConfig.isSecretKey); "
                    + "it would not be redacted");
        }
        Optional<String> inline = string(key);
        Optional<Path> file = path(key + FILE_SUFFIX);
        if (inline.isPresent() && file.isPresent()) {
            throw new ConfigurationException("Both " + fullKey(key) + " and " + fullKey(key + FILE_SUFFIX)
                    + " are set; give the secret one way");
        }
        if (file.isPresent()) {
            return Optional.of(readSecretFile(key + FILE_SUFFIX, file.get()));
        }
        return inline.map(v -> {
            var reference = ENV_REFERENCE.matcher(v);
            if (!reference.matches()) {
                return v;
            }
            String value = System.getenv(reference.group(1));
            if (value == null || value.isBlank()) {
                throw invalid(key, v, "the environment variable " + reference.group(1) + " is not set or empty");
            }
            return value.strip();
        });
    }

    /** @throws ConfigurationException when the secret is not given, or as {@link #secret(String)} */
    public String requireSecret(String key) {
        return secret(key).orElseThrow(() -> new ConfigurationException("Missing required property " + fullKey(key)
                + " (or " + fullKey(key + FILE_SUFFIX) + ")"));
    }

    private String readSecretFile(String key, Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw invalid(key, file.toString(), "must hold UTF-8 text");
        } catch (IOException | SecurityException e) {
            throw invalid(key, file.toString(), "cannot be read (" + e + ")");
        }
        String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.isBlank()) {
            throw invalid(key, file.toString(), "is empty");
        }
        return value;
    }

    /**
     * Rejects keys the provider does not know, so a typo fails at startup instead of being ignored. The
     * {@code -file} form of every known secret key ({@link #secret}) is known too.
     *
     * @throws ConfigurationException naming the unknown keys and the known ones
     */
    public void rejectUnknownKeys(Set<String> known) {
        Set<String> unknown = new TreeSet<>(properties.keySet());
        unknown.removeAll(known);
        known.stream().filter(ProviderConfig::isSecretKey).map(k -> k + FILE_SUFFIX).forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("Unknown properties " + unknown.stream().map(this::fullKey).toList()
                    + "; known: " + new TreeSet<>(known));
        }
    }

    /**
     * A {@link ConfigurationException} naming the full key and the value; the value of a secret key
     * ({@link #isSecretKey}) is printed as {@code ****} (an {@code ${NAME}} reference as it is).
     */
    public ConfigurationException invalid(String key, String value, String reason) {
        return ConfigurationException.invalid(fullKey(key), shown(key, value), reason);
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

    /** Keys and values, for diagnostics; the values of secret keys are masked ({@link #isSecretKey}). */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, shown(k, v)));
        return "ProviderConfig[" + prefix + shown + "]";
    }

    /** The value as messages print it: a secret masked, unless it is only a reference to an environment variable. */
    private static String shown(String key, String value) {
        if (!isSecretKey(key) || value == null || ENV_REFERENCE.matcher(value.trim()).matches()) {
            return value;
        }
        return MASK;
    }
}
