package com.example.custody;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.AuditSinkProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.SpiVersion;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code type: example-ndjson}. Property {@code path}: the file to append to (default
 * {@code <custody.home>/example-sink.ndjson}).
 */
public final class NdjsonFileSinkProvider implements AuditSinkProvider {

    @Override
    public String name() {
        return "example-ndjson";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public AuditSink create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of("path"));
        Path path = config.path("path", context.home().resolve("example-sink.ndjson"));
        context.logger().log(Level.INFO, "example-ndjson appends delivered records to {0}", path);
        return new NdjsonFileSink(path);
    }
}
