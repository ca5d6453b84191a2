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
    void migrate_writesTheComplianceFlagAsTheOwner_andAServiceConfiguredOtherwiseRefusesToStart() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_cli_flag")) {
            Path hipaa = config(db.url, "custody", "hipaa");
            Path soc2 = config(db.url, "custody", "soc2");

            Cli.Result migrated = Cli.run("db", "migrate", "--config", hipaa.toString(), "--data-dir", home.toString());
            assertThat(migrated.code()).as(migrated.err()).isZero();
            assertThat(migrated.out()).contains("compliance: immutable_audit=true (custody.compliance mode hipaa)");
            assertThat(flag(db)).isTrue();

            Cli.Result refused = Cli.run("verify", "--namespace", "a", "--tenant", "b", "--config", soc2.toString(),
                    "--data-dir", home.toString());
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).startsWith("custody: ")
                    .contains("compliance_settings.immutable_audit=true, but custody.compliance asks for immutable-audit=false")
                    .contains("run `custody db migrate --config <this configuration>` as the schema owner");
            assertThat(flag(db)).as("the service did not write it").isTrue();

            Cli.Result agreeing = Cli.run("verify", "--namespace", "a", "--tenant", "b", "--config", hipaa.toString(),
                    "--data-dir", home.toString());
            assertThat(agreeing.err()).contains("no such chain a/b");

            Cli.Result lowered = Cli.run("db", "migrate", "--config", soc2.toString(), "--data-dir", home.toString());
            assertThat(lowered.out()).as(lowered.err()).contains("compliance: immutable_audit=false (custody.compliance mode soc2)");
            assertThat(flag(db)).isFalse();
        }
    }

    private static boolean flag(PostgresTestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT immutable_audit FROM custody.compliance_settings")) {
            rs.next();
            return rs.getBoolean(1);
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
        return config(url, schema, "soc2");
    }

    private Path config(String url, String schema, String mode) throws Exception {
        Path file = home.resolve("custody-" + schema + "-" + mode + ".yml");
        Files.writeString(file, "custody:\n  compliance:\n    mode: " + mode + "\n  storage:\n    primary:\n      backend: postgres\n"
                + "      properties:\n        url: " + url + "\n        username: " + PostgresTestDatabase.USER + "\n        schema: "
                + schema + "\n");
        return file;
    }
}
