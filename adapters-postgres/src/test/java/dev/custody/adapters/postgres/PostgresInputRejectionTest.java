package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.InputRejectionContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link InputRejectionContract}, on a real PostgreSQL. */
class PostgresInputRejectionTest extends InputRejectionContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
