package dev.custody.app.cli;

import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A YAML file given with {@code --config}, as a Micronaut property source ranked above the built-in
 * {@code application.yml} (order -300) and below environment variables (-200), system properties (-100) and
 * command-line options (0, the builder's properties).
 */
final class ConfigFile {

    /** Where the file ranks among Micronaut's property sources: higher overrides lower. */
    static final int ORDER = EnvironmentPropertySource.POSITION - 50;

    private ConfigFile() {
    }

    /**
     * Reads and parses the file.
     *
     * @throws CliException naming the file when it is missing, unreadable or not a YAML mapping
     */
    static PropertySource load(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException("cannot read config file " + file + ": is a directory");
        }
        Map<String, Object> properties;
        try (InputStream in = Files.newInputStream(file)) {
            properties = new YamlPropertySourceLoader().read(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read config file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read config file " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliException("cannot read config file " + file + ": " + StartupFailures.oneLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new CliException("invalid YAML in config file " + file + ": " + StartupFailures.rootMessage(e), e);
        }
        if (properties.isEmpty() && hasContent(file)) {
            throw new CliException("invalid config file " + file + ": expected a YAML mapping such as 'custody:' at the top");
        }
        return PropertySource.of("custody-config-file:" + file, properties, ORDER);
    }

    /** Whether the file holds anything but blank lines and comments. */
    private static boolean hasContent(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .anyMatch(l -> !l.isEmpty() && !l.startsWith("#") && !l.equals("---"));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
