package dev.custody.tck.archive;

import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.ports.ArchiveStore;

class MemoryArchiveProtectionTest extends ArchiveProtectionContract {
    @Override
    protected ArchiveStore openArchive() {
        return new MemoryArchiveStore();
    }
}
