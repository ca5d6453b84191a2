package dev.custody.app.plugins;

import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.Provider;
import dev.custody.ports.spi.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans {@code custody.plugins.dir} for jars. Each jar gets its own {@link URLClassLoader} whose parent
 * shows only the JDK and the SPI ({@link SpiOnlyClassLoader}); the providers it lists in
 * {@code META-INF/services} are registered, each logged with its jar. Two providers of one kind with the
 * same name (in two jars, or a jar and the service itself) stop startup naming both.
 */
public final class PluginDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDirectory.class);

    /**
     * A provider and where it came from: a plugin jar, or the service ("built-in"). A plugin's provider is
     * wrapped so that every call into it runs with {@code loader}, the jar's own class loader, as the thread's
     * context class loader.
     */
    public record Found<P>(P provider, String origin, ClassLoader loader) {
    }

    private final List<Found<AuditSinkProvider>> sinks = new ArrayList<>();
    private final List<Found<AuditStoreProvider>> stores = new ArrayList<>();

    private PluginDirectory() {
    }

    /**
     * The built-in providers visible to {@code service} plus those of every jar in {@code dir}.
     *
     * @throws ConfigurationException on a duplicate name, an unreadable jar or an unsupported SPI version
     */
    public static PluginDirectory scan(Path dir, ClassLoader service) {
        PluginDirectory d = new PluginDirectory();
        d.add(AuditSinkProvider.class, service, "built-in", "sink");
        d.add(AuditStoreProvider.class, service, "built-in", "storage backend");
        if (!Files.isDirectory(dir)) {
            LOG.debug("No plugin directory at {}", dir);
            return d;
        }
        SpiOnlyClassLoader spi = new SpiOnlyClassLoader(service);
        for (Path jar : jars(dir)) {
            URLClassLoader loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {url(jar)}, spi);
            String origin = "plugins/" + jar.getFileName();
            d.add(AuditSinkProvider.class, loader, origin, "sink");
            d.add(AuditStoreProvider.class, loader, origin, "storage backend");
        }
        return d;
    }

    public List<Found<AuditSinkProvider>> sinks() {
        return List.copyOf(sinks);
    }

    public List<Found<AuditStoreProvider>> stores() {
        return List.copyOf(stores);
    }

    /** The providers by name. */
    public static <P> Map<String, P> byName(List<Found<P>> found) {
        Map<String, P> out = new LinkedHashMap<>();
        found.forEach(f -> out.put(((Provider<?>) f.provider()).name(), f.provider()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private <P extends Provider<?>> void add(Class<P> type, ClassLoader loader, String origin, String kind) {
        List<Found<P>> into = (List<Found<P>>) (List<?>) (type == AuditSinkProvider.class ? sinks : stores);
        try {
            for (ServiceLoader.Provider<P> sp : ServiceLoader.load(type, loader).stream().toList()) {
                if (!origin.equals("built-in") && sp.type().getClassLoader() != loader) {
                    continue;   // visible through the parent, not from this jar
                }
                P p = origin.equals("built-in") ? sp.get() : inLoader(type, PluginCalls.with(loader, sp::get), loader);
                String name = p.name();
                if (name == null || name.isBlank()) {
                    throw new ConfigurationException("The " + kind + " provider " + sp.type().getName() + " from " + origin + " has no name");
                }
                if (p instanceof AuditSinkProvider s) {
                    SpiVersion.check(name + " (" + origin + ")", s.spiVersion());
                }
                for (Found<P> other : into) {
                    if (other.provider().name().equals(name)) {
                        throw new ConfigurationException("Two " + kind + " providers are named '" + name + "': "
                                + other.origin() + " and " + origin + "; remove one of them");
                    }
                }
                into.add(new Found<>(p, origin, loader));
                if (!origin.equals("built-in")) {
                    LOG.info("Registering {} provider {} from {}", kind, name, origin);
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new ConfigurationException("Cannot load a " + kind + " provider from " + origin + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <P extends Provider<?>> P inLoader(Class<P> type, P provider, ClassLoader loader) {
        return type == AuditSinkProvider.class
                ? (P) PluginCalls.sinks((AuditSinkProvider) provider, loader)
                : (P) PluginCalls.stores((AuditStoreProvider) provider, loader);
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw ConfigurationException.invalid("custody.plugins.dir", dir.toString(), "cannot list it (" + e.getMessage() + ")");
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw ConfigurationException.invalid("custody.plugins.dir", jar.toString(), "not a usable jar path");
        }
    }
}
