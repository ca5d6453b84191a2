package dev.custody.adapters.file.tck;

import dev.custody.ports.AuditStore;
import dev.custody.ports.StoreCapability;
import dev.custody.tck.RecordLimitsContract;
import java.nio.file.Path;
import java.util.Set;

/** The {@code file} backend against {@link RecordLimitsContract}. */
class FileRecordLimitsTest extends RecordLimitsContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return FileStores.open(dir);
    }

    @Override
    protected Set<StoreCapability> unsupported() {
        return FileStores.UNSUPPORTED;
    }
}
