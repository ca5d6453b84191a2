package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.RangeAndQueryContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link RangeAndQueryContract}, on a real PostgreSQL. */
class PostgresRangeAndQueryTest extends RangeAndQueryContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
