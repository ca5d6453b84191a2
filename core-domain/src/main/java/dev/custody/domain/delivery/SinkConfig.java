package dev.custody.domain.delivery;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of {@code custody.sinks}.
 *
 * @param name unique, matches {@link DeliveryEngine#NAME}; names the sink in logs, metrics, health and
 *     the state directory {@code <home>/sinks/<name>}
 * @param type the provider name ({@code syslog}, {@code splunk-hec}, …)
 * @param properties the provider's own properties, passed to it unchanged
 * @param settings batching, retries, filter and fail-closed
 */
public record SinkConfig(String name, String type, Map<String, String> properties, DeliverySettings settings) {

    public SinkConfig {
        requireNonNull(type, "type is null");
        requireNonNull(settings, "settings is null");
        if (name == null || !DeliveryEngine.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("sink name must match " + DeliveryEngine.NAME.pattern() + ", got '" + name + "'");
        }
        properties = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(properties, "properties is null")));
    }
}
