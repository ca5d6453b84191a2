package dev.custody.adapters.file.tck;

import dev.custody.ports.AuditStore;
import dev.custody.ports.StoreCapability;
import dev.custody.tck.RecordLimitsContract;
import java.nio.file.Path;
import java.util.Set;

/** The {@code encrypted-file} backend against {@link RecordLimitsContract}. */
class EncryptedFileRecordLimitsTest extends RecordLimitsContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return EncryptedFileStores.open(dir);
    }

    @Override
    protected Set<StoreCapability> unsupported() {
        return FileStores.UNSUPPORTED;
    }
}
