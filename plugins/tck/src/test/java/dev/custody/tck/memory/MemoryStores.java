package dev.custody.tck.memory;

import dev.custody.ports.StoreCapability;
import java.util.Set;

/** What {@link dev.custody.domain.memory.MemoryAuditStore} cannot do: it keeps nothing across instances. */
final class MemoryStores {

    static final Set<StoreCapability> UNSUPPORTED = Set.of(StoreCapability.DURABLE, StoreCapability.MULTI_WRITER,
            StoreCapability.SERIALIZED_APPEND);

    private MemoryStores() {
    }
}
