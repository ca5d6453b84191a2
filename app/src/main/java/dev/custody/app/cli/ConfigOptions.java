package dev.custody.app.cli;

import io.micronaut.context.env.PropertySource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that reads Custody's configuration shares: {@code --config FILE} and
 * {@code --data-dir DIR}. Precedence, low to high: application.yml, the file, environment variables,
 * system properties, these options.
 */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file whose properties override the built-in application.yml "
                    + "(environment variables and command-line options still win).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory for local state (sets custody.home).")
    Path dataDir;

    /** The config file as a property source, or none. */
    PropertySource[] fileSources() {
        return config == null ? new PropertySource[0] : new PropertySource[] {ConfigFile.load(config)};
    }

    /** Properties set by options; they override every other source. */
    Map<String, Object> overrides() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (dataDir != null) {
            p.put("custody.home", dataDir.toAbsolutePath().normalize().toString());
        }
        return p;
    }
}
