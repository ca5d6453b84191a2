package dev.custody.app.config;

import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.compliance.ComplianceMode;
import dev.custody.domain.compliance.ComplianceSettings;
import dev.custody.domain.config.ApiKeyConfig;
import dev.custody.domain.config.BackendConfig;
import dev.custody.domain.config.ComplianceStorageConfig;
import dev.custody.domain.config.IngestLimits;
import dev.custody.domain.config.PrivacyConfig;
import dev.custody.domain.config.Role;
import dev.custody.domain.config.TenantScope;
import dev.custody.domain.spool.SpoolSettings;
import dev.custody.ports.RecordLimits;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the {@code custody.*} configuration and builds a {@link ComplianceStorageConfig}. Every mistake
 * becomes one {@link ConfigurationException} whose message names the key and the value.
 */
public final class ConfigBinder {

    /** Where local state lives when nothing says otherwise. */
    public static final String DEFAULT_HOME = "./data";

    private ConfigBinder() {
    }

    /** @throws ConfigurationException on the first invalid key */
    public static ComplianceStorageConfig bind(PropertyResolver env) {
        Path home = path(env, "custody.home", DEFAULT_HOME);
        ComplianceMode mode = parse(env, "custody.compliance.mode", "soc2", ComplianceMode::parse);
        ComplianceSettings compliance = ComplianceSettings.of(mode,
                bool(env, "custody.compliance.sync-audit-writes"),
                bool(env, "custody.compliance.immutable-audit"),
                bool(env, "custody.compliance.hash-chain"));
        BackendConfig primary = backend(env, "custody.storage.primary", "backend", "file");
        BackendConfig keyStore = backend(env, ComplianceStorageConfig.KEYS_KEY, "provider", ComplianceStorageConfig.DEFAULT_KEY_STORE);
        List<ApiKeyConfig> keys = apiKeys(env);
        IngestLimits limits = limits(env);
        SpoolSettings spool = spool(env, compliance);
        PrivacyConfig privacy = PrivacyBinder.bind(env);
        BackendConfig hot = hotTier(env);
        Duration idle = chainIdleTimeout(env);
        try {
            return new ComplianceStorageConfig(home, compliance, primary, keys, limits, keyStore, spool,
                    ArchiveConfigBinder.bind(env), privacy, hot, idle);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static BackendConfig backend(PropertyResolver env, String key, String nameField, String defaultBackend) {
        String backend = string(env, key + "." + nameField).orElse(defaultBackend);
        Map<String, String> properties = new TreeMap<>();
        flatten("", env.getProperties(key + ".properties"), properties);
        try {
            return new BackendConfig(key, backend, properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * {@code custody.storage.hot}: {@code provider} (default {@code redis}) and every other key, flat, as the
     * provider's properties. Absent means no hot tier; {@code provider: none} switches it off explicitly.
     */
    private static BackendConfig hotTier(PropertyResolver env) {
        String key = ComplianceStorageConfig.HOT_KEY;
        Map<String, Object> raw = env.getProperties(key);
        if (raw.isEmpty()) {
            return null;
        }
        Map<String, String> properties = new TreeMap<>();
        flatten("", raw, properties);
        String provider = properties.containsKey("provider") ? properties.remove("provider").trim() : "redis";
        if (provider.equals("none")) {
            return null;
        }
        try {
            return new BackendConfig(key, provider, properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static List<ApiKeyConfig> apiKeys(PropertyResolver env) {
        String key = "custody.security.api-keys";
        List<Map> raw = env.getProperty(key, Argument.listOf(Map.class)).orElse(List.of());
        List<ApiKeyConfig> keys = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = key + "[" + i + "]";
            Map<?, ?> m = raw.get(i);
            try {
                String name = text(m.get("name"));
                String sha = text(m.containsKey("token-sha256") ? m.get("token-sha256") : m.get("tokenSha256"));
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (String r : list(m.get("roles"))) {
                    roles.add(Role.parse(r));
                }
                List<TenantScope> tenants = new ArrayList<>();
                for (String t : list(m.get("tenants"))) {
                    tenants.add(TenantScope.parse(t));
                }
                keys.add(new ApiKeyConfig(name, sha, roles, tenants));
            } catch (RuntimeException e) {
                throw new ConfigurationException("Invalid value for " + at + " (name " + m.get("name") + "): "
                        + e.getMessage(), e);
            }
        }
        return keys;
    }

    /**
     * {@code custody.limits.*}: the batch size and the {@link RecordLimits} of one event; {@code max-string-chars}
     * defaults to {@code max-event-bytes} (a string may fill the record).
     */
    private static IngestLimits limits(PropertyResolver env) {
        RecordLimits d = RecordLimits.DEFAULT;
        int batch = integer(env, "custody.limits.max-batch-events", IngestLimits.DEFAULT.maxBatchEvents());
        int bytes = integer(env, "custody.limits.max-event-bytes", d.maxRecordBytes());
        int depth = integer(env, "custody.limits.max-depth", d.maxDepth());
        int names = integer(env, "custody.limits.max-name-chars", d.maxNameChars());
        int strings = integer(env, "custody.limits.max-string-chars", bytes);
        int numbers = integer(env, "custody.limits.max-number-chars", d.maxNumberChars());
        try {
            return new IngestLimits(batch, new EventLimits(new RecordLimits(bytes, depth, names, strings, numbers)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid value in custody.limits: " + e.getMessage()
                    + " (max-event-bytes, max-depth, max-name-chars, max-string-chars, max-number-chars)", e);
        }
    }

    /** {@code custody.spool.*}: enabled (default: not in hipaa), max-events, max-bytes, retry-interval. */
    private static SpoolSettings spool(PropertyResolver env, ComplianceSettings compliance) {
        SpoolSettings d = ComplianceStorageConfig.defaultSpool(compliance);
        Boolean enabled = bool(env, "custody.spool.enabled");
        long maxEvents = longValue(env, "custody.spool.max-events", d.maxEvents());
        long maxBytes = longValue(env, "custody.spool.max-bytes", d.maxBytes());
        Duration interval = parse(env, "custody.spool.retry-interval", d.retryInterval().toString(), ConfigBinder::duration);
        try {
            return new SpoolSettings(enabled == null ? d.enabled() : enabled, maxEvents, maxBytes, interval);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** {@code custody.chains.idle-timeout}: a duration from 1 s to 1 day, default 60 s (ADR 0127). */
    private static Duration chainIdleTimeout(PropertyResolver env) {
        String key = ComplianceStorageConfig.CHAIN_IDLE_TIMEOUT_KEY;
        Duration d = parse(env, key, ComplianceStorageConfig.DEFAULT_CHAIN_IDLE_TIMEOUT.toString(), ConfigBinder::duration);
        if (d.compareTo(ComplianceStorageConfig.MIN_CHAIN_IDLE_TIMEOUT) < 0
                || d.compareTo(ComplianceStorageConfig.MAX_CHAIN_IDLE_TIMEOUT) > 0) {
            throw ConfigurationException.invalid(key, string(env, key).orElse(""), "must be from "
                    + ComplianceStorageConfig.MIN_CHAIN_IDLE_TIMEOUT.toSeconds() + "s to "
                    + ComplianceStorageConfig.MAX_CHAIN_IDLE_TIMEOUT.toSeconds() + "s");
        }
        return d;
    }

    /**
     * {@code custody.health.store-failure-window}: how long after its last failure a store outage ends (ADR 0130),
     * default {@code 5s}.
     *
     * @throws ConfigurationException when it is not a positive duration
     */
    public static Duration storeFailureWindow(PropertyResolver env) {
        String key = "custody.health.store-failure-window";
        Duration window = parse(env, key, "5s", ConfigBinder::duration);
        if (window.isNegative() || window.isZero()) {
            throw ConfigurationException.invalid(key, string(env, key).orElse(""), "must be a positive duration");
        }
        return window;
    }

    /** ISO-8601 ({@code PT0.5S}) or a number with a unit: {@code 500ms}, {@code 2s}, {@code 1m}. */
    private static Duration duration(String v) {
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 2s, 1m or PT0.5S");
        }
        throw new IllegalArgumentException("must be a duration such as 500ms, 2s, 1m or PT0.5S");
    }

    private static long longValue(PropertyResolver env, String key, long dflt) {
        return string(env, key).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ConfigurationException.invalid(key, v, "must be an integer");
            }
        }).orElse(dflt);
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parse(PropertyResolver env, String key, String dflt, Parser<T> parser) {
        String v = string(env, key).orElse(dflt);
        try {
            return parser.parse(v);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(key, v, e.getMessage());
        }
    }

    static Optional<String> string(PropertyResolver env, String key) {
        return env.getProperty(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    static Boolean bool(PropertyResolver env, String key) {
        return string(env, key).map(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.valueOf(v);
            }
            throw ConfigurationException.invalid(key, v, "must be true or false");
        }).orElse(null);
    }

    private static int integer(PropertyResolver env, String key, int dflt) {
        return string(env, key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw ConfigurationException.invalid(key, v, "must be an integer");
            }
        }).orElse(dflt);
    }

    private static Path path(PropertyResolver env, String key, String dflt) {
        String v = string(env, key).orElse(dflt);
        try {
            return Path.of(v).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw ConfigurationException.invalid(key, v, "must be a file system path");
        }
    }

    private static String text(Object o) {
        return o == null ? null : o.toString().trim();
    }

    /** A YAML list, or one comma-separated string. */
    static List<String> list(Object o) {
        if (o == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (o instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x).trim()));
        } else if (o instanceof Map<?, ?> m) {
            m.values().forEach(x -> out.add(String.valueOf(x).trim()));   // env vars bind lists as indexed maps
        } else {
            for (String s : o.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** Nested maps become dotted keys, so a provider sees {@code a.b=c}. */
    static void flatten(String prefix, Map<String, Object> in, Map<String, String> out) {
        in.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                Map<String, Object> m = new TreeMap<>();
                nested.forEach((nk, nv) -> m.put(String.valueOf(nk), nv));
                flatten(prefix + k + ".", m, out);
            } else if (v != null) {
                out.put(prefix + k, v instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList())
                        : String.valueOf(v));
            }
        });
    }
}
