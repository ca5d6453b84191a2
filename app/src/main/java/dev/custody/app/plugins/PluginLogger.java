package dev.custody.app.plugins;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link System.Logger} a plugin gets from its {@code ProviderContext}: it writes into the service's own log
 * (SLF4J), under a logger named for the plugin ({@code custody.plugin.<provider>}, {@code custody.plugin.<type>.<sink>}),
 * so a plugin needs no logging library and its lines carry its name. Parameters are {@link MessageFormat}'s, as
 * {@code System.Logger} defines them.
 */
final class PluginLogger implements System.Logger {

    private final Logger log;

    private PluginLogger(String name) {
        this.log = LoggerFactory.getLogger(name);
    }

    /** The logger of a storage backend or other provider named {@code provider}. */
    static System.Logger forProvider(String provider) {
        return new PluginLogger("custody.plugin." + provider);
    }

    /** The logger of the sink {@code sink} of type {@code type}. */
    static System.Logger forSink(String type, String sink) {
        return new PluginLogger("custody.plugin." + type + "." + sink);
    }

    @Override
    public String getName() {
        return log.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return switch (level) {
            case ALL, TRACE -> log.isTraceEnabled();
            case DEBUG -> log.isDebugEnabled();
            case INFO -> log.isInfoEnabled();
            case WARNING -> log.isWarnEnabled();
            case ERROR -> log.isErrorEnabled();
            case OFF -> false;
        };
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            write(level, localized(bundle, msg), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String pattern = localized(bundle, format);
            write(level, params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params), null);
        }
    }

    private void write(Level level, String message, Throwable thrown) {
        switch (level) {
            case ALL, TRACE -> log.trace(message, thrown);
            case DEBUG -> log.debug(message, thrown);
            case INFO -> log.info(message, thrown);
            case WARNING -> log.warn(message, thrown);
            case ERROR -> log.error(message, thrown);
            case OFF -> { }
        }
    }

    private static String localized(ResourceBundle bundle, String key) {
        if (bundle == null || key == null || !bundle.containsKey(key)) {
            return String.valueOf(key);
        }
        return bundle.getString(key);
    }
}
