package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.READER;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.MovableClockFactory;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/retention/runs} on the PostgreSQL backend with the service's clock moved years forward: a dry run
 * changes nothing, a run deletes the expired prefix through the database's function and the chain still verifies;
 * under {@code hipaa} (immutable audit) the run answers {@code 409 COMPLIANCE_VIOLATION} and nothing goes.
 */
class RetentionApiTest {

    private static final ChainId CHAIN = ChainId.of("billing", "pg");

    @TempDir
    Path home;

    @Test
    void retentionRun_dryRunThenRun_deletesTheExpiredPrefix_andTheChainStillVerifies() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_ret");
                TestServer api = TestServer.start(home, props(db, "soc2"))) {
            appendYearsApart(api);

            Resp forbidden = api.post("/v1/retention/runs", READER, "{\"dry_run\":true}");
            TestServer.assertProblem(forbidden, 403, "FORBIDDEN", null);
            TestServer.assertProblem(api.post("/v1/retention/runs", ADMIN, "{\"dry\":true}"), 400, "INVALID_PARAMETER", "/dry");

            Resp dry = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":true}");
            assertThat(dry.status()).as(dry.body()).isEqualTo(200);
            Map<?, ?> d = (Map<?, ?>) Json.parse(dry.body());
            assertThat(d.get("dry_run")).isEqualTo(true);
            assertThat(((Map<?, ?>) ((Map<?, ?>) d.get("deleted")).get("warm")).get("decision")).isEqualTo(5L);
            assertThat(rows(db)).isEqualTo(7);

            Resp run = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            Map<?, ?> r = (Map<?, ?>) Json.parse(run.body());
            assertThat(r.get("deleted")).isEqualTo(d.get("deleted"));
            assertThat(((Map<?, ?>) r.get("record")).get("namespace")).isEqualTo("custody");
            assertThat(((Map<?, ?>) r.get("record")).get("tenant")).isEqualTo("pg");
            assertThat(api.runtime().store().stream(CHAIN).findFirst().orElseThrow().seq()).isEqualTo(6);
            assertThat(api.runtime().store().readRange(ChainId.of("custody", "pg"), 1, 1).get(0).kind()).isEqualTo("retention");

            Resp verify = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"billing\",\"tenant\":\"pg\"}");
            assertThat(verify.body()).as(verify.body()).startsWith("{\"valid\":true,\"records_checked\":2,");
            assertThat(api.server.getApplicationContext().getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .counter("custody_retention_deleted_total", "tier", "warm", "kind", "decision").count()).isEqualTo(5.0);
        }
    }

    @Test
    void hipaa_refusesWithComplianceViolation_inTheServiceAndInTheDatabase() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_ret_hipaa");
                TestServer api = TestServer.start(home, props(db, "hipaa"))) {
            appendYearsApart(api);

            Resp refused = api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}");
            TestServer.assertProblem(refused, 409, "COMPLIANCE_VIOLATION", null);
            assertThat(refused.body()).contains("immutable-audit is on (mode hipaa)").contains("nothing was deleted");
            assertThat(rows(db)).isEqualTo(7);
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT immutable_audit FROM custody.compliance_settings")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("the service wrote the flag into the database").isTrue();
            }
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(
                        "SELECT custody.purge_chain_before('billing', 'pg', 6)")).hasMessageContaining("COMPLIANCE_VIOLATION");
            }
            assertThat(rows(db)).isEqualTo(7);
        }
    }

    private static void appendYearsApart(TestServer api) {
        MovableClockFactory.CLOCK.set(Instant.parse("2020-01-01T00:00:00Z"));
        Resp old = api.post("/v1/audit/events", ADMIN, batch(event("billing", "pg", "a1"), event("billing", "pg", "a2"),
                event("billing", "pg", "a3"), event("billing", "pg", "a4"), event("billing", "pg", "a5")));
        assertThat(old.status()).as(old.body()).isEqualTo(201);
        MovableClockFactory.CLOCK.set(Instant.parse("2023-06-01T00:00:00Z"));
        Resp recent = api.post("/v1/audit/events", ADMIN, batch(event("billing", "pg", "b1"), event("billing", "pg", "b2")));
        assertThat(recent.status()).as(recent.body()).isEqualTo(201);
    }

    private static Map<String, Object> props(PostgresTestDatabase db, String mode) {
        Map<String, Object> p = new HashMap<>();
        p.put("test.movable-clock", "true");
        p.put("custody.compliance.mode", mode);
        p.put("custody.storage.primary.backend", "postgres");
        p.put("custody.storage.primary.properties.url", db.url);
        p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
        p.put("custody.storage.primary.properties.migrate", "true");
        p.put("custody.retention.policies", List.of(Map.of("namespace", "billing", "delete-after", "P1Y"),
                Map.of("namespace", "custody", "delete-after", "P10Y")));
        p.put("custody.retention.schedule", "off");
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("reader", READER, "reader", "billing/*")));
        return p;
    }

    private static long rows(PostgresTestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM custody.audit_records WHERE namespace = 'billing'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
