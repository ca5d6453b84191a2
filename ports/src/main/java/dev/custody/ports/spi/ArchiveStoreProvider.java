package dev.custody.ports.spi;

import dev.custody.ports.ArchiveStore;

/**
 * Creates {@link ArchiveStore}s (cold archives). Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.ArchiveStoreProvider}; {@link #name()} is the value of
 * {@code custody.archive.provider} ({@code s3}, {@code gcs}).
 */
public interface ArchiveStoreProvider extends Provider<ArchiveStore> {
}
