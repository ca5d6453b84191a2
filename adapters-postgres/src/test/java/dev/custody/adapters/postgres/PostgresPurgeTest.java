package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.PurgeContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link PurgeContract}, on a real PostgreSQL. */
class PostgresPurgeTest extends PurgeContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
