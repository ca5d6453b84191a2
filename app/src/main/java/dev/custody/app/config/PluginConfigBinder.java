package dev.custody.app.config;

import dev.custody.app.plugins.PluginSettings;
import dev.custody.domain.delivery.DeliverySettings;
import dev.custody.domain.delivery.SinkConfig;
import dev.custody.domain.delivery.SinkFilter;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code custody.plugins.dir} and {@code custody.sinks}. A sink is
 * {@code {name, type, properties: {…}, filter: {namespaces, tenants, kinds}, batch: {max-records, max-bytes,
 * linger}, retry: {initial-backoff, max-backoff, max-attempts}, fail-closed, poll-interval}}; unknown keys
 * and bad values fail with the full key, e.g. {@code custody.sinks[0].batch.max-records=0}.
 */
public final class PluginConfigBinder {

    private static final Set<String> SINK_KEYS = Set.of("name", "type", "fail-closed", "poll-interval",
            "filter.namespaces", "filter.tenants", "filter.kinds", "batch.max-records", "batch.max-bytes", "batch.linger",
            "retry.initial-backoff", "retry.max-backoff", "retry.max-attempts");

    /** What {@code retry.max-attempts: unlimited} means. */
    public static final int UNLIMITED_ATTEMPTS = Integer.MAX_VALUE;

    private PluginConfigBinder() {
    }

    /** @throws ConfigurationException on the first invalid key */
    public static PluginSettings bind(PropertyResolver env, Path home) {
        Path dir = env.getProperty("custody.plugins.dir", String.class).map(String::trim).filter(s -> !s.isEmpty())
                .map(v -> {
                    try {
                        return Path.of(v).toAbsolutePath().normalize();
                    } catch (InvalidPathException e) {
                        throw ConfigurationException.invalid("custody.plugins.dir", v, "must be a file system path");
                    }
                }).orElse(home.resolve("plugins"));
        List<Map> raw = env.getProperty("custody.sinks", Argument.listOf(Map.class)).orElse(List.of());
        List<SinkConfig> sinks = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            sinks.add(sink("custody.sinks[" + i + "]", raw.get(i)));
        }
        try {
            return new PluginSettings(dir, sinks);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static SinkConfig sink(String key, Map<?, ?> m) {
        Map<String, String> flat = new TreeMap<>();
        Map<String, String> properties = new TreeMap<>();
        m.forEach((k, v) -> {
            String name = kebab(String.valueOf(k));
            if (name.equals("properties") && v instanceof Map<?, ?> p) {
                flatten("", p, properties);
            } else if (v instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, flat);
            } else if (v != null) {
                flat.put(name, text(v));
            }
        });
        ProviderConfig c = ProviderConfig.of(key + ".", flat);
        c.rejectUnknownKeys(SINK_KEYS);
        DeliverySettings d = DeliverySettings.DEFAULT;
        try {
            DeliverySettings settings = new DeliverySettings(
                    new SinkFilter(set(c, "filter.namespaces"), set(c, "filter.tenants"), set(c, "filter.kinds")),
                    c.integer("batch.max-records", d.maxBatchRecords(), 1, 10_000),
                    c.integer("batch.max-bytes", (int) d.maxBatchBytes(), 1024, Integer.MAX_VALUE),
                    c.duration("batch.linger", d.linger()),
                    c.duration("retry.initial-backoff", d.initialBackoff()),
                    c.duration("retry.max-backoff", d.maxBackoff()),
                    maxAttempts(c, d.maxAttempts()),
                    c.bool("fail-closed", false),
                    c.duration("poll-interval", d.pollInterval()));
            return new SinkConfig(c.requireString("name"), c.requireString("type"), properties, settings);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid value in " + key + " (name " + flat.get("name") + "): " + e.getMessage(), e);
        }
    }

    /**
     * {@code retry.max-attempts}: 1 or more, or {@code unlimited} ({@value #UNLIMITED_ATTEMPTS} attempts: at a
     * {@code retry.max-backoff} of one second, 68 years of retrying), for a sink that must never dead-letter
     * without stopping ingest the way {@code fail-closed} does.
     */
    private static int maxAttempts(ProviderConfig c, int defaultValue) {
        if (c.string("retry.max-attempts").filter(v -> v.equalsIgnoreCase("unlimited")).isPresent()) {
            return UNLIMITED_ATTEMPTS;
        }
        try {
            return c.integer("retry.max-attempts", defaultValue, 1, Integer.MAX_VALUE);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(e.getMessage() + " (or unlimited)", e);
        }
    }

    private static Set<String> set(ProviderConfig c, String key) {
        Set<String> out = new LinkedHashSet<>();
        c.string(key).ifPresent(v -> {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        });
        return out;
    }

    /** Env vars and some YAML bind camelCase; keys are documented in kebab-case. */
    private static String kebab(String k) {
        return k.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(Object v) {
        if (v instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    private static void flatten(String prefix, Map<?, ?> in, Map<String, String> out) {
        in.forEach((k, v) -> {
            String name = prefix + k;
            if (v instanceof Map<?, ?> nested) {
                boolean indexed = nested.keySet().stream().allMatch(x -> String.valueOf(x).matches("\\d+"));
                if (indexed && !nested.isEmpty()) {
                    out.put(name, text(new TreeMap<>(nested).values()));   // env vars bind lists as indexed maps
                } else {
                    flatten(name + ".", nested, out);
                }
            } else if (v != null) {
                out.put(name, text(v));
            }
        });
    }
}
