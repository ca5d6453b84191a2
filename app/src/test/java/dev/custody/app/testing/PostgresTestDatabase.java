package dev.custody.app.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the real PostgreSQL (default 127.0.0.1:5432, user postgres; override with
 * -Dcustody.test.postgres=host:port), dropped by {@link #close()}. When PostgreSQL cannot be reached the
 * test fails saying so: it is never skipped.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    public static final String SERVER = System.getProperty("custody.test.postgres", "127.0.0.1:5432");
    public static final String USER = System.getProperty("custody.test.postgres.user", "postgres");

    public final String name;
    public final String url;

    private PostgresTestDatabase(String name) {
        this.name = name;
        this.url = "jdbc:postgresql://" + SERVER + "/" + name;
    }

    /** Creates {@code <prefix>_<random hex>}. */
    public static PostgresTestDatabase create(String prefix) {
        String name = prefix + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        admin("CREATE DATABASE " + name);
        return new PostgresTestDatabase(name);
    }

    /**
     * Service properties that make this database the system of record, migrated at start, reached through
     * {@code 127.0.0.1:port} (a fault proxy in front of the server); a mutable map to add to.
     */
    public Map<String, Object> primaryPropertiesVia(int port) {
        Map<String, Object> props = new HashMap<>();
        props.put("custody.storage.primary.backend", "postgres");
        props.put("custody.storage.primary.properties.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + name);
        props.put("custody.storage.primary.properties.username", USER);
        props.put("custody.storage.primary.properties.migrate", "true");
        return props;
    }

    /** A plain connection as the superuser. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, null);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        String adminUrl = "jdbc:postgresql://" + SERVER + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, USER, null); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is required for this test and could not be used at " + adminUrl
                    + " as user " + USER + " (" + sql + "): " + e.getMessage()
                    + ". Start PostgreSQL there or point -Dcustody.test.postgres=host:port at one.", e);
        }
    }
}
