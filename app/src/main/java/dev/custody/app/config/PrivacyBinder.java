package dev.custody.app.config;

import dev.custody.domain.config.BackendConfig;
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

    private PrivacyBinder() {
    }

    static PrivacyConfig bind(PropertyResolver env) {
        List<PayloadPointer> fields = pointers(FIELDS, ConfigBinder.list(env.getProperty(FIELDS, Object.class).orElse(null)));
        Boolean enabled = ConfigBinder.bool(env, ENABLED);
        Map<String, KindRule> rules = new TreeMap<>();
        Map<String, Object> minimisation = env.getProperties(MINIMISATION);
        for (Map.Entry<String, Object> e : minimisation.entrySet()) {
            String kind = e.getKey();
            if (kind.equals("redactors")) {
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                throw ConfigurationException.invalid(MINIMISATION + "." + kind, String.valueOf(e.getValue()),
                        "must be an object with allow and/or deny lists of JSON pointers");
            }
            for (Object k : m.keySet()) {
                if (!Set.of("allow", "deny").contains(String.valueOf(k))) {
                    throw ConfigurationException.invalid(MINIMISATION + "." + kind + "." + k, String.valueOf(m.get(k)),
                            "unknown key; a kind has allow and deny lists");
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
            return new PrivacyConfig(enabled != null ? enabled : !fields.isEmpty(), fields, rules, redactors, stores);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
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
