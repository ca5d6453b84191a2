package dev.custody.app.plugins;

/**
 * The parent of every plugin's class loader: the JDK (the platform class loader) and the published SPI
 * ({@code dev.custody.ports.*}, taken from the service so both sides share the same types). Nothing
 * else of the service is visible, neither classes nor resources, so a plugin bundles its own
 * dependencies and they cannot clash with the service's.
 */
final class SpiOnlyClassLoader extends ClassLoader {

    static final String SPI_PREFIX = "dev.custody.ports.";

    private final ClassLoader service;

    SpiOnlyClassLoader(ClassLoader service) {
        super("custody-spi", ClassLoader.getPlatformClassLoader());
        this.service = service;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(SPI_PREFIX)) {
            return service.loadClass(name);
        }
        throw new ClassNotFoundException(name + " is not part of the Custody SPI; a plugin must bundle it");
    }
}
