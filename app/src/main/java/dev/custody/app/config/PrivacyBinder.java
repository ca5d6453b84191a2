package dev.custody.app.config;

import dev.custody.domain.config.BackendConfig;
import dev.custody.domain.config.CheckpointLimits;
import dev.custody.domain.config.PrivacyConfig;
import dev.custody.domain.config.PrivacyConfig.KindRule;
import dev.custody.domain.privacy.PayloadPointer;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code custody.personal-data.*}, {@code custody.minimisation.*} and {@code custody.subject-data.*}.
 * Every mistake is one {@link ConfigurationException} naming the key and the value.
 */
final class PrivacyBinder {

    static final String FIELDS = "custody.personal-data.fields";
    static final String ENABLED = "custody.personal-data.enabled";
    static final String MINIMISATION = "custody.minimisation";
    static final String REDACTORS = MINIMISATION + ".redactors";
    static final String STORES = "custody.subject-data.stores";
    static final String MAX_CHECKPOINT_BYTES = "custody.subject-data.max-checkpoint-bytes";
    static final String MAX_CHECKPOINTS = "custody.subject-data.max-checkpoints-per-tenant";

    private PrivacyBinder() {
    }

    static PrivacyConfig bind(PropertyResolver env) {
        List<PayloadPointer> fields = pointers(FIELDS, ConfigBinder.list(env.getProperty(FIELDS, Object.class).orElse(null)));
        Boolean enabled = ConfigBinder.bool(env, ENABLED);
        Map<String, KindRule> rules = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> e : kinds(env).entrySet()) {
            String kind = e.getKey();
            Map<String, Object> m = e.getValue();
            for (String k : m.keySet()) {
                if (!Set.of("allow", "deny").contains(k)) {
                    throw ConfigurationException.invalid(MINIMISATION + "." + kind + "." + k, String.valueOf(m.get(k)),
                            "unknown key; a kind has allow and deny lists of JSON pointers");
                }
            }
            rules.put(kind, new KindRule(pointers(MINIMISATION + "." + kind + ".allow", ConfigBinder.list(m.get("allow"))),
                    pointers(MINIMISATION + "." + kind + ".deny", ConfigBinder.list(m.get("deny")))));
        }
        List<BackendConfig> redactors = new ArrayList<>();
        List<String> names = ConfigBinder.list(env.getProperty(REDACTORS, Object.class).orElse(null));
        for (int i = 0; i < names.size(); i++) {
            redactors.add(backend(REDACTORS + "[" + i + "]", names.get(i), Map.of()));
        }
        List<BackendConfig> stores = new ArrayList<>();
        @SuppressWarnings("rawtypes")
        List<Map> raw = env.getProperty(STORES, Argument.listOf(Map.class)).orElse(List.of());
        for (int i = 0; i < raw.size(); i++) {
            Map<?, ?> m = raw.get(i);
            String at = STORES + "[" + i + "]";
            Object provider = m.get("provider");
            Map<String, String> properties = new TreeMap<>();
            if (m.get("properties") instanceof Map<?, ?> p) {
                Map<String, Object> in = new TreeMap<>();
                p.forEach((k, v) -> in.put(String.valueOf(k), v));
                ConfigBinder.flatten("", in, properties);
            }
            stores.add(backend(at, provider == null ? null : provider.toString().trim(), properties));
        }
        try {
            CheckpointLimits checkpoints = new CheckpointLimits(
                    longValue(env, MAX_CHECKPOINT_BYTES, CheckpointLimits.DEFAULT.maxBytes()),
                    longValue(env, MAX_CHECKPOINTS, CheckpointLimits.DEFAULT.maxPerChain()));
            return new PrivacyConfig(enabled != null ? enabled : !fields.isEmpty(), fields, rules, redactors, stores, checkpoints);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * {@code custody.minimisation.<kind>.allow|deny}, from nested YAML or flattened keys
     * ({@code llm_call.deny[0]}); a built-in kind written with dashes ({@code llm-call}, as environment
     * variables give it) means the kind with underscores.
     */
    private static Map<String, Map<String, Object>> kinds(PropertyResolver env) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        Map<String, Object> raw = env.getProperties(MINIMISATION, io.micronaut.core.naming.conventions.StringConvention.RAW);
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String key = e.getKey();
            if (key.equals("redactors") || key.startsWith("redactors[") || key.startsWith("redactors.")) {
                continue;
            }
            int dot = key.indexOf('.');
            String kind = kindName(dot < 0 ? key : key.substring(0, dot));
            Map<String, Object> rule = out.computeIfAbsent(kind, k -> new TreeMap<>());
            if (dot < 0) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw ConfigurationException.invalid(MINIMISATION + "." + key, String.valueOf(e.getValue()),
                            "must be an object with allow and/or deny lists of JSON pointers");
                }
                m.forEach((k, v) -> rule.put(String.valueOf(k), v));
                continue;
            }
            String rest = key.substring(dot + 1);
            int bracket = rest.indexOf('[');
            String list = bracket < 0 ? rest : rest.substring(0, bracket);
            if (bracket < 0) {
                rule.put(list, e.getValue());
            } else {
                Object existing = rule.get(list);
                List<Object> items = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
                items.add(e.getValue());
                rule.put(list, items);
            }
        }
        return out;
    }

    private static String kindName(String written) {
        String underscored = written.replace('-', '_');
        return Set.of("decision", "llm_call", "access", "gdpr_erasure", "retention", "custody", "admin").contains(underscored)
                ? underscored : written;
    }

    private static long longValue(PropertyResolver env, String key, long dflt) {
        return ConfigBinder.string(env, key).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ConfigurationException.invalid(key, v, "must be a whole number");
            }
        }).orElse(dflt);
    }

    private static BackendConfig backend(String key, String name, Map<String, String> properties) {
        try {
            return new BackendConfig(key, name, properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static List<PayloadPointer> pointers(String key, List<String> values) {
        List<PayloadPointer> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(PayloadPointer.parse(v));
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalid(key, v, e.getMessage());
            }
        }
        return out;
    }
}
