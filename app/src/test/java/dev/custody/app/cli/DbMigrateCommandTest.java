package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custody db migrate} against the real PostgreSQL: creates the schema, is idempotent, exits 2 when it cannot. */
class DbMigrateCommandTest {

    @TempDir
    Path home;

    @Test
    void migrate_createsTheSchemaOnceAndThenTheServiceStoreOpensWithoutMigrating() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_cli")) {
            Path config = config(db.url, "audit");

            Cli.Result first = Cli.run("db", "migrate", "--config", config.toString(), "--data-dir", home.toString());
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).startsWith("migrated: schema audit at " + db.url);
            Cli.Result again = Cli.run("db", "migrate", "--config", config.toString(), "--data-dir", home.toString());
            assertThat(again.code()).as(again.err()).isZero();

            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'audit'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("audit_records partitions, chain_heads, legal_holds").isGreaterThanOrEqualTo(5);
            }
            Cli.Result verify = Cli.run("verify", "--namespace", "a", "--tenant", "b", "--config", config.toString(),
                    "--data-dir", home.toString());
            assertThat(verify.err()).contains("no such chain a/b");
        }
    }

    @Test
    void migrate_exits2WhenTheBackendIsNotPostgresOrUnreachable() throws Exception {
        Cli.Result file = Cli.run("db", "migrate", "--data-dir", home.toString());
        assertThat(file.code()).isEqualTo(2);
        assertThat(file.err()).contains("db migrate applies to the postgres backend");

        Cli.Result down = Cli.run("db", "migrate", "--config", config("jdbc:postgresql://127.0.0.1:1/none", "custody").toString(),
                "--data-dir", home.toString());
        assertThat(down.code()).isEqualTo(2);
        assertThat(down.err()).startsWith("custody: ").contains("cannot be reached");
    }

    private Path config(String url, String schema) throws Exception {
        Path file = home.resolve("custody-" + schema + ".yml");
        Files.writeString(file, "custody:\n  storage:\n    primary:\n      backend: postgres\n      properties:\n"
                + "        url: " + url + "\n        username: " + PostgresTestDatabase.USER + "\n        schema: " + schema + "\n");
        return file;
    }
}
