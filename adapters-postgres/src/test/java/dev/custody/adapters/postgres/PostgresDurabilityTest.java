package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.DurabilityContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link DurabilityContract}, on a real PostgreSQL. */
class PostgresDurabilityTest extends DurabilityContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
