package dev.custody.ports.spi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Counters a provider keeps about what it does, exported by the service with the others: a sink's
 * {@code counter("oversized_records", …)} becomes {@code custody_plugin_oversized_records_total{plugin="syslog",
 * sink="siem"}} in Prometheus. Use it for what an operator must be able to see and alert on, never for
 * anything per record id or chain (a counter's name is fixed; tags are the service's).
 */
public interface ProviderMetrics {

    /** What a counter's name must match: lower case, digits and underscores, at most 63 characters. */
    Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /**
     * The counter named {@code name}, created at zero on first use; the same counter on every later call.
     *
     * @param description what one increment means, for the metrics page
     * @throws IllegalArgumentException when {@code name} does not match {@link #NAME}
     */
    Counter counter(String name, String description);

    /** A monotonically increasing count. */
    interface Counter {

        /** Adds {@code n} (at least 0). */
        void increment(long n);

        /** Adds one. */
        default void increment() {
            increment(1);
        }

        /** The count so far. */
        long count();
    }

    /**
     * Counters kept in memory and exported nowhere: what a context without the service's metrics has (a
     * plugin's own tests read them back with {@link Counter#count()}).
     */
    static ProviderMetrics inMemory() {
        Map<String, Counter> counters = new ConcurrentHashMap<>();
        return (name, description) -> {
            checkName(name);
            return counters.computeIfAbsent(name, n -> new Counter() {
                private final LongAdder sum = new LongAdder();

                @Override
                public void increment(long by) {
                    if (by < 0) {
                        throw new IllegalArgumentException("a counter only grows, got " + by);
                    }
                    sum.add(by);
                }

                @Override
                public long count() {
                    return sum.sum();
                }
            });
        };
    }

    /** @throws IllegalArgumentException when {@code name} does not match {@link #NAME} */
    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("counter name must match " + NAME.pattern() + ", got '" + name + "'");
        }
    }
}
