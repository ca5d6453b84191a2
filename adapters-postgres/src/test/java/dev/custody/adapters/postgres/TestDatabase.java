package dev.custody.adapters.postgres;

import dev.custody.ports.AuditStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the real PostgreSQL for this test run (default 127.0.0.1:5432, user postgres; override
 * with -Dcustody.test.postgres=host:port), migrated on first open and dropped when the JVM exits. When
 * PostgreSQL cannot be reached, the tests fail saying so: they are never skipped.
 */
final class TestDatabase {

    static final String SERVER = System.getProperty("custody.test.postgres", "127.0.0.1:5432");
    static final String USER = System.getProperty("custody.test.postgres.user", "postgres");

    private static TestDatabase shared;

    final String name;
    final String url;

    private TestDatabase(String name) {
        this.name = name;
        this.url = "jdbc:postgresql://" + SERVER + "/" + name;
    }

    /** The run's database, created on first use. */
    static synchronized TestDatabase shared() {
        if (shared == null) {
            shared = create("custody_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
            TestDatabase db = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(db::drop, "drop-" + db.name));
        }
        return shared;
    }

    /** A new database; the caller drops it. */
    static TestDatabase create(String name) {
        admin("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    void drop() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Opens the store by name through ServiceLoader, as the service does; migrates the schema. */
    AuditStore open(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("url", url, "username", USER, "migrate", "true", "pool-size", "8"));
        props.putAll(extra);
        return ProviderRegistry.load(AuditStoreProvider.class, TestDatabase.class.getClassLoader(), "audit store backend")
                .get("postgres")
                .create(ProviderConfig.of("custody.storage.primary.properties.", props), ProviderContext.of(Path.of("target")));
    }

    AuditStore open() {
        return open(Map.of());
    }

    /** A plain JDBC connection to this database, as the superuser (the schema owner). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, null);
    }

    /** Runs one statement in the server's {@code postgres} database, as the superuser. */
    static void admin(String sql) {
        String adminUrl = "jdbc:postgresql://" + SERVER + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, USER, null); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is required for these tests and could not be used at " + adminUrl
                    + " as user " + USER + " (" + sql + "): " + e.getMessage()
                    + ". Start PostgreSQL there or point -Dcustody.test.postgres=host:port at one.", e);
        }
    }
}
