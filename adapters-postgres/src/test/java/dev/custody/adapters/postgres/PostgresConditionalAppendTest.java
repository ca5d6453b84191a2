package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.ConditionalAppendContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link ConditionalAppendContract}, on a real PostgreSQL. */
class PostgresConditionalAppendTest extends ConditionalAppendContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
