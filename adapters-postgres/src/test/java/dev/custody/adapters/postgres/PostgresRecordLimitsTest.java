package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.RecordLimitsContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link RecordLimitsContract}, on a real PostgreSQL. */
class PostgresRecordLimitsTest extends RecordLimitsContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
