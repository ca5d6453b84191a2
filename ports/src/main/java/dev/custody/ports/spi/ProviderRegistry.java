package dev.custody.ports.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The providers of one kind found by {@link ServiceLoader}, by name. Loading rejects two providers with
 * the same name (naming both classes and where they came from); asking for an unknown name lists the
 * known ones.
 *
 * @param <P> the provider interface, e.g. {@link AuditStoreProvider}
 */
public final class ProviderRegistry<P extends Provider<?>> {

    private final String kind;
    private final Map<String, P> providers;

    private ProviderRegistry(String kind, Map<String, P> providers) {
        this.kind = kind;
        this.providers = Collections.unmodifiableMap(providers);
    }

    /**
     * Finds every {@code type} provider visible to {@code loader}.
     *
     * @param kind what the providers make, for messages ("audit store backend")
     * @throws ConfigurationException when two providers share a name, a name is blank, or a provider
     *     cannot be instantiated
     */
    public static <P extends Provider<?>> ProviderRegistry<P> load(Class<P> type, ClassLoader loader, String kind) {
        requireNonNull(type, "type is null");
        requireNonNull(loader, "loader is null");
        try {
            return of(kind, ServiceLoader.load(type, loader));
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("Cannot load a " + kind + " provider: " + e.getMessage(), e);
        }
    }

    /** A registry over the given providers, with the same checks as {@link #load}. */
    public static <P extends Provider<?>> ProviderRegistry<P> of(String kind, Iterable<? extends P> found) {
        requireNonNull(kind, "kind is null");
        Map<String, P> byName = new TreeMap<>();
        for (P p : found) {
            String name = p.name();
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("The " + kind + " provider " + origin(p) + " has no name");
            }
            P previous = byName.putIfAbsent(name, p);
            if (previous != null) {
                throw new ConfigurationException("Two " + kind + " providers are named '" + name + "': "
                        + origin(previous) + " and " + origin(p) + "; remove one of them");
            }
        }
        return new ProviderRegistry<>(kind, byName);
    }

    /** The names of the providers found, sorted. */
    public Set<String> names() {
        return providers.keySet();
    }

    /**
     * The provider called {@code name}.
     *
     * @throws ConfigurationException listing the known names when there is none
     */
    public P get(String name) {
        P p = providers.get(name);
        if (p == null) {
            throw new ConfigurationException("Unknown " + kind + " '" + name + "'; known: " + names()
                    + ". A provider from a plugin needs its jar in the plugins directory.");
        }
        return p;
    }

    /** A provider's class and the jar or directory it was loaded from. */
    public static String origin(Object provider) {
        Class<?> c = provider.getClass();
        var source = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        return c.getName() + (source == null || source.getLocation() == null ? "" : " (" + source.getLocation() + ")");
    }
}
