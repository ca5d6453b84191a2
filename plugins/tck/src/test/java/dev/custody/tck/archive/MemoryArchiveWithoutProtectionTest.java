package dev.custody.tck.archive;

import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveStore;
import java.util.EnumSet;
import java.util.Set;

/** A store without retention or holds must refuse them: the kit checks the refusal path. */
class MemoryArchiveWithoutProtectionTest extends ArchiveProtectionContract {
    @Override
    protected ArchiveStore openArchive() {
        return new MemoryArchiveStore(EnumSet.noneOf(ArchiveCapability.class));
    }

    @Override
    protected Set<ArchiveCapability> unsupported() {
        return EnumSet.allOf(ArchiveCapability.class);
    }
}
