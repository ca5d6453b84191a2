package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.tck.ConcurrencyContract;
import java.nio.file.Path;

/** The {@code postgres} backend against {@link ConcurrencyContract}, on a real PostgreSQL. */
class PostgresConcurrencyTest extends ConcurrencyContract {

    @Override
    protected AuditStore openStore(Path dir) {
        return TestDatabase.shared().open();
    }
}
