package dev.custody.app.plugins;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.delivery.SinkConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where plugin jars are and which sinks are configured.
 *
 * @param dir {@code custody.plugins.dir}; a missing directory means "no plugins"
 * @param sinks {@code custody.sinks}, in order; names are unique
 */
public record PluginSettings(Path dir, List<SinkConfig> sinks) {

    public PluginSettings {
        requireNonNull(dir, "dir is null");
        sinks = List.copyOf(requireNonNull(sinks, "sinks is null"));
        Set<String> names = new HashSet<>();
        for (SinkConfig s : sinks) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("Invalid value for custody.sinks: two sinks are named '" + s.name() + "'");
            }
        }
    }

    /** No sinks; plugins in {@code <home>/plugins}. */
    public static PluginSettings none(Path home) {
        return new PluginSettings(home.resolve("plugins"), List.of());
    }
}
