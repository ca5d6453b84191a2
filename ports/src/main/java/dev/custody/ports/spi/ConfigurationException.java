package dev.custody.ports.spi;

/**
 * Configuration is invalid: a required key is missing, a value has the wrong form, or a provider name
 * is unknown. The message names the full key and the bad value, e.g.
 * {@code Invalid value for custody.storage.primary.properties.dir=/nope: must be a writable directory}.
 */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code Invalid value for KEY=VALUE: REASON}. */
    public static ConfigurationException invalid(String key, String value, String reason) {
        return new ConfigurationException("Invalid value for " + key + "=" + value + ": " + reason);
    }
}
