package dev.custody.domain.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One configured backend: the provider name and its properties.
 *
 * @param key where it was configured, for messages ({@code custody.storage.primary})
 * @param backend the provider name ({@code file}, {@code memory}, {@code postgres} …)
 * @param properties the provider's own properties, passed to it unchanged
 */
public record BackendConfig(String key, String backend, Map<String, String> properties) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public BackendConfig {
        requireNonNull(key, "key is null");
        if (backend == null || !NAME.matcher(backend).matches()) {
            throw new IllegalArgumentException("Invalid value for " + key + ": the provider name '" + backend
                    + "' must be lower-case letters, digits and dashes, such as file, postgres or tink");
        }
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(properties, "properties is null")));
    }

    /** The prefix of this backend's properties in messages. */
    public String propertiesPrefix() {
        return key + ".properties.";
    }

    /** A backend with no properties. */
    public static BackendConfig of(String key, String backend) {
        return new BackendConfig(key, backend, Map.of());
    }
}
