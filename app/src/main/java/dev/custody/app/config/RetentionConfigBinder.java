package dev.custody.app.config;

import dev.custody.domain.retention.RetentionAge;
import dev.custody.domain.retention.RetentionPolicies;
import dev.custody.domain.retention.RetentionPolicy;
import dev.custody.domain.retention.RetentionSettings;
import dev.custody.ports.spi.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.scheduling.cron.CronExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@code custody.retention}: {@code policies} (a list of {@code {namespace, tenant, kind, archive-after,
 * delete-after}}, {@code *} by default), {@code subject-data} (data type to ISO period), {@code schedule} (a cron
 * expression in UTC, or {@code off}) and {@code batch-size}. Unknown keys and bad values fail with the full key.
 */
public final class RetentionConfigBinder {

    private static final Set<String> KEYS = Set.of("policies", "subject-data", "schedule", "batch-size");
    private static final Set<String> POLICY_KEYS = Set.of("namespace", "tenant", "kind", "archive-after", "delete-after");

    private RetentionConfigBinder() {
    }

    /** @throws ConfigurationException naming the key and value of the first invalid setting */
    public static RetentionSettings bind(PropertyResolver env) {
        String key = RetentionSettings.KEY;
        for (String k : env.getProperties(key).keySet()) {
            String top = k.replaceAll("[.\\[].*", "");
            if (!KEYS.contains(kebab(top))) {
                throw new ConfigurationException("Unknown property " + key + "." + k + "; known: " + new TreeSet<>(KEYS));
            }
        }
        List<Map> raw = env.getProperty(key + ".policies", Argument.listOf(Map.class)).orElse(List.of());
        List<RetentionPolicy> policies = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            policies.add(policy(key + ".policies[" + i + "]", raw.get(i)));
        }
        Map<String, RetentionAge> subject = new TreeMap<>();
        env.getProperties(key + ".subject-data").forEach((type, v) ->
                subject.put(type, age(key + ".subject-data." + type, String.valueOf(v))));
        String schedule = env.getProperty(key + ".schedule", String.class).map(String::trim)
                .orElse(RetentionSettings.DEFAULT_SCHEDULE);
        if (schedule.equalsIgnoreCase("off")) {
            schedule = null;
        } else {
            try {
                CronExpression.create(schedule);
            } catch (RuntimeException e) {
                throw ConfigurationException.invalid(key + ".schedule", schedule,
                        "must be a cron expression (seconds minutes hours day-of-month month day-of-week, UTC) or off");
            }
        }
        int batch = env.getProperty(key + ".batch-size", String.class).map(v -> {
            try {
                return Integer.parseInt(v.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw ConfigurationException.invalid(key + ".batch-size", v, "must be a whole number between 1 and 1000000");
            }
        }).orElse(RetentionSettings.DEFAULT_BATCH_SIZE);
        try {
            return new RetentionSettings(new RetentionPolicies(policies), subject, schedule, batch);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage().startsWith("Invalid value") ? e.getMessage()
                    : "Invalid value in " + key + ".policies: " + e.getMessage(), e);
        }
    }

    private static RetentionPolicy policy(String key, Map<?, ?> m) {
        Map<String, String> p = new TreeMap<>();
        m.forEach((k, v) -> p.put(kebab(String.valueOf(k)), v == null ? null : String.valueOf(v).trim()));
        for (String k : p.keySet()) {
            if (!POLICY_KEYS.contains(k)) {
                throw new ConfigurationException("Unknown property " + key + "." + k + "; known: " + new TreeSet<>(POLICY_KEYS));
            }
        }
        try {
            return new RetentionPolicy(p.getOrDefault("namespace", RetentionPolicy.ANY), p.getOrDefault("tenant", RetentionPolicy.ANY),
                    p.getOrDefault("kind", RetentionPolicy.ANY),
                    p.get("archive-after") == null ? null : age(key + ".archive-after", p.get("archive-after")),
                    p.get("delete-after") == null ? null : age(key + ".delete-after", p.get("delete-after")));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid value in " + key + ": " + e.getMessage(), e);
        }
    }

    private static RetentionAge age(String key, String value) {
        try {
            return RetentionAge.parse(value);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(key, value, "must be an ISO-8601 period or duration (P7Y, P90D, PT12H)");
        }
    }

    private static String kebab(String k) {
        return k.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
