package dev.custody.adapters.file.tck;

import dev.custody.ports.AuditStore;
import dev.custody.ports.StoreCapability;
import dev.custody.tck.PurgeContract;
import java.nio.file.Path;
import java.util.Set;

/** The {@code encrypted-file} backend against {@link PurgeContract}. */
class EncryptedFilePurgeTest extends PurgeContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return EncryptedFileStores.open(dir);
    }

    @Override
    protected Set<StoreCapability> unsupported() {
        return FileStores.UNSUPPORTED;
    }
}
