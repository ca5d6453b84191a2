package dev.custody.tck.memory;

import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditStore;
import dev.custody.ports.StoreCapability;
import dev.custody.tck.RecordLimitsContract;
import java.nio.file.Path;
import java.util.Set;

class MemoryRecordLimitsTest extends RecordLimitsContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return new MemoryAuditStore();
    }

    @Override
    protected Set<StoreCapability> unsupported() {
        return MemoryStores.UNSUPPORTED;
    }
}
