package dev.custody.app.config;

import dev.custody.domain.config.ArchiveConfig;
import dev.custody.domain.config.BackendConfig;
import dev.custody.domain.tiering.ArchivalPace;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import io.micronaut.core.value.PropertyResolver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code custody.archive}: {@code provider} (none: no archive), {@code properties.*} for the provider,
 * and {@code archive-after}, {@code schedule}, {@code segment-max-records}, {@code retention},
 * {@code legal-hold}, {@code max-attempts}, {@code backoff}, {@code keep-warm}, {@code pace.*}. Unknown keys are
 * refused.
 */
final class ArchiveConfigBinder {

    private static final Set<String> KEYS = Set.of("provider", "properties", "archive-after", "schedule", "segment-max-records",
            "retention", "legal-hold", "max-attempts", "backoff", "keep-warm", "pace");
    private static final Set<String> PACE_KEYS = Set.of("busy-share", "quiet-after", "max-records-per-second", "purge-batch");

    private ArchiveConfigBinder() {
    }

    static ArchiveConfig bind(PropertyResolver env) {
        String key = ArchiveConfig.KEY;
        Map<String, Object> raw = env.getProperties(key);
        Optional<String> provider = env.getProperty(key + ".provider", String.class).map(String::trim).filter(s -> !s.isEmpty());
        if (provider.isEmpty()) {
            if (raw.keySet().stream().anyMatch(k -> !k.startsWith("properties"))) {
                throw new ConfigurationException("custody.archive is configured without custody.archive.provider (s3 or gcs)");
            }
            return null;
        }
        for (String k : raw.keySet()) {
            String top = k.contains(".") ? k.substring(0, k.indexOf('.')) : k;
            if (!KEYS.contains(top)) {
                throw new ConfigurationException("Unknown property " + key + "." + k + "; known: " + new java.util.TreeSet<>(KEYS));
            }
        }
        Map<String, String> settings = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (!k.startsWith("properties") && !k.startsWith("pace") && v != null && !(v instanceof Map<?, ?>)) {
                settings.put(k, v.toString());
            }
        });
        Map<String, String> pace = new TreeMap<>();
        ConfigBinder.flatten("", env.getProperties(key + ".pace"), pace);
        for (String k : pace.keySet()) {
            if (!PACE_KEYS.contains(k)) {
                throw new ConfigurationException("Unknown property " + key + ".pace." + k + "; known: " + new java.util.TreeSet<>(PACE_KEYS));
            }
            settings.put("pace." + k, pace.get(k));
        }
        ProviderConfig c = ProviderConfig.of(key + ".", settings);
        Map<String, String> props = new TreeMap<>();
        ConfigBinder.flatten("", env.getProperties(key + ".properties"), props);
        try {
            BackendConfig backend = new BackendConfig(key, provider.get(), props);
            Duration schedule = c.string("schedule").filter(v -> v.equalsIgnoreCase("off")).isPresent() ? Duration.ZERO
                    : c.duration("schedule", Duration.ofHours(1));
            return new ArchiveConfig(backend, c.duration("archive-after", Duration.ofDays(30)), schedule,
                    c.integer("segment-max-records", 100_000, 1, 1_000_000), c.duration("retention", Duration.ZERO),
                    c.bool("legal-hold", false), c.integer("max-attempts", 4, 1, 20), c.duration("backoff", Duration.ofSeconds(2)),
                    c.duration("keep-warm", Duration.ZERO), pace(c));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static ArchivalPace.Settings pace(ProviderConfig c) {
        ArchivalPace.Settings d = ArchivalPace.Settings.DEFAULT;
        double share = c.string("pace.busy-share").map(v -> {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw c.invalid("pace.busy-share", v, "must be a number more than 0 and at most 1");
            }
        }).orElse(d.busyShare());
        return new ArchivalPace.Settings(share, c.duration("pace.quiet-after", d.quietAfter()),
                c.integer("pace.max-records-per-second", (int) d.maxRecordsPerSecond(), 0, Integer.MAX_VALUE),
                c.integer("pace.purge-batch", d.purgeBatch(), 1, 1_000_000));
    }
}
