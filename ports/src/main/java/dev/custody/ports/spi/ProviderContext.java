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
 */
public record ProviderContext(Path home, Clock clock, KeyStore keys) {
    public ProviderContext {
        requireNonNull(home, "home is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(keys, "keys is null");
    }

    /** A context without a key store. */
    public ProviderContext(Path home, Clock clock) {
        this(home, clock, KeyStore.NONE);
    }

    /** A context rooted at {@code home} with the UTC system clock. */
    public static ProviderContext of(Path home) {
        return new ProviderContext(home, Clock.systemUTC());
    }
}
