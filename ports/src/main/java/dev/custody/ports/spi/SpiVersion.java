package dev.custody.ports.spi;

/**
 * The version of the published SPI ({@code dev.custody.ports} and {@code dev.custody.ports.spi}).
 * Additions (new types, new {@code default} methods) keep the version; anything that can break a
 * compiled plugin (a removed or changed method, a new abstract method) increments it.
 */
public final class SpiVersion {

    /** The SPI version of this build. */
    public static final int CURRENT = 1;

    /** The oldest SPI version whose plugins this build still runs. */
    public static final int OLDEST_SUPPORTED = 1;

    private SpiVersion() {
    }

    /** Whether a plugin compiled against {@code version} can run on this build. */
    public static boolean isSupported(int version) {
        return version >= OLDEST_SUPPORTED && version <= CURRENT;
    }

    /**
     * @throws ConfigurationException naming the provider and both versions when {@code version} is not supported
     */
    public static void check(String provider, int version) {
        if (!isSupported(version)) {
            throw new ConfigurationException("Provider " + provider + " was built for Custody SPI version " + version
                    + "; this service runs SPI versions " + OLDEST_SUPPORTED + " to " + CURRENT
                    + ". Rebuild the plugin against custody-ports " + CURRENT + ".");
        }
    }
}
