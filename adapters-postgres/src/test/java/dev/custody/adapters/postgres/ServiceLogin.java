package dev.custody.adapters.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A login role of its own for one test class, granted exactly the given group roles, as a deployment grants the
 * service's login ({@code docs/backends/postgres.md}, Grants). Roles are cluster-wide and shared with other test
 * runs: the name is unique, and only this login is dropped, never {@code custody_app} or {@code custody_retention}.
 */
final class ServiceLogin implements AutoCloseable {

    final String name;

    private ServiceLogin(String name) {
        this.name = name;
    }

    /** Creates the login and grants it {@code roles} (which the changelog creates). */
    static ServiceLogin granted(String... roles) {
        ServiceLogin login = new ServiceLogin("custody_svc_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        TestDatabase.admin("CREATE ROLE " + login.name + " LOGIN");
        TestDatabase.admin("GRANT " + String.join(", ", roles) + " TO " + login.name);
        return login;
    }

    /** A plain JDBC connection to {@code db} as this login. */
    Connection connect(TestDatabase db) throws SQLException {
        return DriverManager.getConnection(db.url, name, null);
    }

    /** The store properties that open {@code db} as this login, without migrating (the owner did). */
    Map<String, String> storeProperties() {
        return Map.of("username", name, "migrate", "false");
    }

    @Override
    public void close() {
        TestDatabase.admin("DROP ROLE IF EXISTS " + name);
    }
}
