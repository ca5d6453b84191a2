package dev.custody.ports.spi;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.KeyStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What the service hands every provider besides its own configuration. It will gain components over
 * time; providers read the ones they need.
 *
 * @param home the service's local state directory ({@code custody.home}); a provider that keeps local
 *     files and has no explicit location puts them in a folder under it
 * @param clock the service's clock; providers use it instead of the system clock so tests can move time
 * @param keys the service's key store ({@link KeyStore#NONE} when none is configured); a backend that
 *     encrypts what it stores takes its keyset from it
 * @param logger where the provider and what it creates log: in the service, its own log, under the logger
 *     {@code custody.plugin.<provider>} ({@code custody.plugin.<type>.<sink name>} for a sink), so a plugin
 *     needs no logging library of its own. Messages use {@link java.text.MessageFormat} placeholders
 *     ({@code logger.log(Level.WARNING, "cannot reach {0}", host)}); never log a secret or a record's payload
 * @param metrics counters the service exports with its own metrics ({@link ProviderMetrics})
 */
public record ProviderContext(Path home, Clock clock, KeyStore keys, System.Logger logger, ProviderMetrics metrics) {

    /** The logger of a context built without one: the JDK's, named {@code custody.plugin}. */
    public static final String DEFAULT_LOGGER = "custody.plugin";

    public ProviderContext {
        requireNonNull(home, "home is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(keys, "keys is null");
        requireNonNull(logger, "logger is null");
        requireNonNull(metrics, "metrics is null");
    }

    /** A context whose logger is the JDK's {@value #DEFAULT_LOGGER} and whose counters are kept in memory. */
    public ProviderContext(Path home, Clock clock, KeyStore keys) {
        this(home, clock, keys, System.getLogger(DEFAULT_LOGGER), ProviderMetrics.inMemory());
    }

    /** A context without a key store. */
    public ProviderContext(Path home, Clock clock) {
        this(home, clock, KeyStore.NONE);
    }

    /** A context rooted at {@code home} with the UTC system clock. */
    public static ProviderContext of(Path home) {
        return new ProviderContext(home, Clock.systemUTC());
    }

    /** The same context logging to {@code logger}. */
    public ProviderContext withLogger(System.Logger logger) {
        return new ProviderContext(home, clock, keys, logger, metrics);
    }

    /** The same context counting into {@code metrics}. */
    public ProviderContext withMetrics(ProviderMetrics metrics) {
        return new ProviderContext(home, clock, keys, logger, metrics);
    }
}
