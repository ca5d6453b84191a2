package dev.custody.ports.spi;

import dev.custody.ports.SubjectDataStore;

/**
 * Creates {@link SubjectDataStore}s. Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.SubjectDataStoreProvider}; the service opens every store
 * listed in {@code custody.subject-data.stores}.
 */
public interface SubjectDataStoreProvider extends Provider<SubjectDataStore> {
}
