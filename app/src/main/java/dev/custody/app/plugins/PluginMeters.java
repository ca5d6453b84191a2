package dev.custody.app.plugins;

import dev.custody.ports.spi.ProviderMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where plugins' counters go. In the service: its meter registry, a counter {@code name} of the sink {@code siem}
 * of type {@code syslog} becoming {@code custody.plugin.<name>} tagged {@code plugin=syslog, sink=siem}
 * (Prometheus {@code custody_plugin_<name>_total{plugin="syslog",sink="siem"}}). Without a registry (tests, offline
 * commands) they are kept in memory.
 */
public interface PluginMeters {

    /** Counters kept in memory, exported nowhere. */
    PluginMeters IN_MEMORY = (type, sink) -> ProviderMetrics.inMemory();

    /** The counters of the sink {@code sink} of type {@code type}. */
    ProviderMetrics forSink(String type, String sink);

    /** Counters registered in {@code registry}. */
    static PluginMeters of(MeterRegistry registry) {
        return (type, sink) -> (name, description) -> {
            ProviderMetrics.checkName(name);
            Counter c = Counter.builder("custody.plugin." + name).description(description).tag("plugin", type)
                    .tag("sink", sink).register(registry);
            return new ProviderMetrics.Counter() {
                @Override
                public void increment(long n) {
                    if (n < 0) {
                        throw new IllegalArgumentException("a counter only grows, got " + n);
                    }
                    c.increment(n);
                }

                @Override
                public long count() {
                    return (long) c.count();
                }
            };
        };
    }
}
