package dev.custody.adapters.s3gcs;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.tck.archive.ArchiveObjectsContract;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The archive contract against google-cloud-nio's in-memory fake of the Storage API. */
class GcsArchiveObjectsTest extends ArchiveObjectsContract {

    /**
     * The fake, told to ignore request options instead of refusing them: it cannot evaluate preconditions
     * such as {@code ifGenerationMatch=0}, so in these tests immutability rests on the store's own existence
     * check, while on GCS the precondition also closes the race between two writers.
     */
    static final Storage STORAGE = LocalStorageHelper.customOptions(false).getService();

    /**
     * The store over the fake. The fake implements objects but no bucket operations ("Not implemented yet"),
     * so the provider's startup check that the bucket exists cannot run here and the store is built directly.
     */
    static ArchiveStore open(Map<String, String> properties) {
        return new GcsArchiveStore(STORAGE, GcsSettings.from(ProviderConfig.of("custody.archive.properties.", properties)));
    }

    @Override
    protected ArchiveStore openArchive() {
        return open(Map.of("bucket", "custody-tck", "prefix", "archive"));
    }

    @Override
    protected Set<ArchiveCapability> unsupported() {
        return EnumSet.allOf(ArchiveCapability.class);
    }
}
