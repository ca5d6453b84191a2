package dev.custody.ports.spi;

/**
 * A named factory, found through {@link java.util.ServiceLoader}. The name is the value users write in
 * configuration ({@code backend: file}). Implementations need a public no-argument constructor and
 * must not do work in it; all work happens in {@link #create}.
 *
 * @param <T> what the provider creates
 */
public interface Provider<T> {

    /** The configuration name: lower case, unique among providers of the same kind. */
    String name();

    /**
     * Creates a new instance from validated configuration.
     *
     * @throws ConfigurationException naming key and value when the configuration is invalid
     */
    T create(ProviderConfig config, ProviderContext context);
}
