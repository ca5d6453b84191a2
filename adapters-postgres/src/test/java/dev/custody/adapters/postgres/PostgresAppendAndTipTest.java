package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.AppendAndTipContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link AppendAndTipContract}, on a real PostgreSQL. */
class PostgresAppendAndTipTest extends AppendAndTipContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
