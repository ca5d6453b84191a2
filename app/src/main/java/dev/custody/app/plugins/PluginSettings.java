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
 * @param meters where the sinks' own counters go ({@code ProviderContext.metrics()})
 */
public record PluginSettings(Path dir, List<SinkConfig> sinks, PluginMeters meters) {

    public PluginSettings {
        requireNonNull(dir, "dir is null");
        requireNonNull(meters, "meters is null");
        sinks = List.copyOf(requireNonNull(sinks, "sinks is null"));
        Set<String> names = new HashSet<>();
        for (SinkConfig s : sinks) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("Invalid value for custody.sinks: two sinks are named '" + s.name() + "'");
            }
        }
    }

    /** Sinks whose counters are kept in memory. */
    public PluginSettings(Path dir, List<SinkConfig> sinks) {
        this(dir, sinks, PluginMeters.IN_MEMORY);
    }

    /** The same settings, the sinks' counters going to {@code meters}. */
    public PluginSettings withMeters(PluginMeters meters) {
        return new PluginSettings(dir, sinks, meters);
    }

    /** No sinks; plugins in {@code <home>/plugins}. */
    public static PluginSettings none(Path home) {
        return new PluginSettings(home.resolve("plugins"), List.of());
    }
}
