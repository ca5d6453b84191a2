package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.StreamingContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link StreamingContract}, on a real PostgreSQL. */
class PostgresStreamingTest extends StreamingContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
