package dev.custody.tck.archive;

import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.ports.ArchiveStore;

class MemoryArchiveObjectsTest extends ArchiveObjectsContract {
    @Override
    protected ArchiveStore openArchive() {
        return new MemoryArchiveStore();
    }
}
