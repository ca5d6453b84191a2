package dev.custody.adapters.file;

import dev.custody.ports.AuditStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.PrivateFiles;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code file} backend: audit records as JSONL day files in a local directory, durable before an
 * append returns, one writer process per directory.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code dir} — the store directory, created if missing; default {@code <custody.home>/records}</li>
 *   <li>{@code max-open-chains} — how many chains are held open at once, each with at most one open file between
 *       calls; default 1024 (ADR 0125)</li>
 * </ul>
 */
public final class FileAuditStoreProvider implements AuditStoreProvider {

    /** The configuration name of this backend. */
    public static final String NAME = "file";

    /** The property naming the store directory. */
    public static final String DIR = "dir";

    /** The property bounding how many chains are held open. */
    public static final String MAX_OPEN_CHAINS = "max-open-chains";

    /** Needed by {@link java.util.ServiceLoader}; does no work. */
    public FileAuditStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the store: locks the directory and recovers its chains.
     *
     * @throws dev.custody.ports.spi.ConfigurationException on an unknown property, when {@code dir}
     *     is not a writable directory, or {@code max-open-chains} is not a positive integer
     * @throws dev.custody.ports.StoreUnavailableException when another process holds the directory
     */
    @Override
    public AuditStore create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of(DIR, MAX_OPEN_CHAINS));
        int maxOpenChains = maxOpenChains(config);
        return FileAuditStore.open(directory(config, context), context.clock(), LineCodec.PLAIN, maxOpenChains);
    }

    /** The {@code max-open-chains} property, default {@value FileAuditStore#DEFAULT_MAX_OPEN_CHAINS}, at least 1. */
    static int maxOpenChains(ProviderConfig config) {
        int max = config.integer(MAX_OPEN_CHAINS).orElse(FileAuditStore.DEFAULT_MAX_OPEN_CHAINS);
        if (max < 1) {
            throw config.invalid(MAX_OPEN_CHAINS, String.valueOf(max), "must be at least 1");
        }
        return max;
    }

    /** The {@code dir} property, default {@code <custody.home>/records}, created and checked to be writable. */
    static Path directory(ProviderConfig config, ProviderContext context) {
        Path dir = config.path(DIR, context.home().resolve("records"));
        String shown = config.string(DIR).orElse(dir.toString());
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw config.invalid(DIR, shown, "must be a writable directory");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw config.invalid(DIR, shown, "must be a writable directory");
        }
        return dir;
    }

    /** No store where {@code dir} points: its directory holds neither the format marker nor chains. */
    @Override
    public java.util.Optional<String> missingStore(ProviderConfig config, ProviderContext context) {
        return absentAt(config, context);
    }

    static java.util.Optional<String> absentAt(ProviderConfig config, ProviderContext context) {
        Path dir = config.path(DIR, context.home().resolve("records")).toAbsolutePath().normalize();
        try {
            return StoreFormat.present(dir) ? java.util.Optional.empty() : java.util.Optional.of("no Custody store at " + dir
                    + " (check --data-dir, --config or " + config.fullKey(DIR) + ")");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + dir, e);
        }
    }
}
