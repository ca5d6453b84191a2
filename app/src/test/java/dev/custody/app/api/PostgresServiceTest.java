package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.outage.OutageReportingStore;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.StoreCapability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service in-process with {@code backend: postgres} on a fresh database: it starts (so the
 * adapter's own Micronaut context did not start the service's composition root again), ingests, exports,
 * verifies, and the rows are in PostgreSQL.
 */
class PostgresServiceTest {

    @TempDir
    Path home;

    @Test
    void serviceRunsOnThePostgresBackend() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_svc")) {
            Map<String, Object> props = Map.of(
                    "custody.storage.primary.backend", "postgres",
                    "custody.storage.primary.properties.url", db.url,
                    "custody.storage.primary.properties.username", PostgresTestDatabase.USER,
                    "custody.storage.primary.properties.migrate", "true",
                    "custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
            try (TestServer api = TestServer.start(home, props)) {
                assertThat(api.runtime().store().capabilities()).contains(StoreCapability.MULTI_WRITER);
                assertThat(((OutageReportingStore) api.runtime().store()).delegate().getClass().getName())
                        .endsWith("PostgresAuditStore");
                assertThat(Files.exists(home.resolve("records"))).as("no file store was opened").isFalse();

                Resp created = api.post("/v1/audit/events", ADMIN,
                        batch(event("billing", "pg", "a1"), event("billing", "pg", "a2"), event("billing", "pg", "a3")));
                assertThat(created.status()).as(created.body()).isEqualTo(201);

                Resp export = api.get("/v1/audit/export?namespace=billing&tenant=pg", ADMIN);
                List<String> lines = Arrays.asList(export.body().split("\n"));
                assertThat(lines).hasSize(3);
                Verification offline = new ChainVerifier().verifyExport(lines.iterator());
                assertThat(offline.valid()).as(offline.reason()).isTrue();
                Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"pg\"}");
                assertThat(verify.body()).startsWith("{\"valid\":true,\"records_checked\":3,");
                Resp health = api.get("/health", null);
                assertThat(health.status()).as(health.body()).isEqualTo(200);

                try (Connection c = db.connect(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT string_agg(record, E'\\n' ORDER BY seq) FROM custody.audit_records "
                             + "WHERE namespace = 'billing' AND tenant = 'pg'")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("rows hold the records exactly as exported").isEqualTo(String.join("\n", lines));
                }
            }
        }
    }
}
