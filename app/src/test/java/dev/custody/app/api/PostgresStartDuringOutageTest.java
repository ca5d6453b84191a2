package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.fault.TcpProxy;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.domain.json.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica (re)started while PostgreSQL is unreachable (a {@link TcpProxy} refusing every connection) starts:
 * health reports the outage, appends spool (202) in soc2 or answer 503 in hipaa, the store is opened and its schema
 * migrated in the background once PostgreSQL answers, and what was spooled, before the restart too, drains into it.
 * It used to exit with "cannot start the Custody service: Connection reset".
 */
class PostgresStartDuringOutageTest {

    @TempDir
    Path home;

    @Test
    void replicaRestartedDuringAnOutage_starts_spools_andDrainsWhatItSpooledBeforeAndAfter_oncePostgresAnswers() throws Exception {
        String[] server = PostgresTestDatabase.SERVER.split(":");
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_startout");
                TcpProxy proxy = TcpProxy.start(server[0], Integer.parseInt(server[1]))) {
            Map<String, Object> props = props(db, proxy, "soc2");
            try (TestServer api = TestServer.start(home, props)) {
                assertThat(api.post("/v1/audit/events", ADMIN, event("outage", "acme", "before.cut")).status()).isEqualTo(201);
                proxy.cut();
                Resp spooled = api.post("/v1/audit/events", ADMIN, event("outage", "acme", "spooled.before.restart"));
                assertThat(spooled.status()).as(spooled.body()).isEqualTo(202);
            }
            try (TestServer api = TestServer.start(home, props)) {   // restarted while PostgreSQL is still cut off
                Resp health = api.get("/health", ADMIN);
                assertThat(health.body()).as(health.body()).contains("\"status\":\"DEGRADED\"", "\"spooling\":true",
                        "has not been reachable since the service started");
                Resp spooled = api.post("/v1/audit/events", ADMIN, event("outage", "acme", "spooled.after.restart"));
                assertThat(spooled.status()).as(spooled.body()).isEqualTo(202);

                proxy.restore();
                await(() -> isUp(api.get("/health", ADMIN)));
                await(() -> actions(db).size() == 3);
                assertThat(actions(db)).containsExactly("before.cut", "spooled.before.restart", "spooled.after.restart");
                assertThat(api.post("/v1/audit/events", ADMIN, event("outage", "acme", "after")).status()).isEqualTo(201);
                Resp v = api.post("/v1/audit/verify", ADMIN, "{\"namespace\":\"outage\",\"tenant\":\"acme\"}");
                assertThat(v.body()).as(v.body()).startsWith("{\"valid\":true,\"records_checked\":4,");
            }
        }
    }

    @Test
    void startedInHipaaDuringAnOutage_appendsAnswer503_healthIsDown_andTheSchemaIsMigratedOncePostgresAnswers() throws Exception {
        String[] server = PostgresTestDatabase.SERVER.split(":");
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_startout");
                TcpProxy proxy = TcpProxy.start(server[0], Integer.parseInt(server[1]))) {
            proxy.cut();
            try (TestServer api = TestServer.start(home, props(db, proxy, "hipaa"))) {
                Resp refused = api.post("/v1/audit/events", ADMIN, event("outage", "acme", "refused"));
                assertProblem(refused, 503, "STORE_UNAVAILABLE", null);
                assertThat(refused.header("Retry-After")).isNotNull();
                Resp health = api.get("/health", ADMIN);
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"");

                proxy.restore();   // an empty database: the schema is migrated by the background open
                await(() -> isUp(api.get("/health", ADMIN)));
                Resp stored = api.post("/v1/audit/events", ADMIN, event("outage", "acme", "stored"));
                assertThat(stored.status()).as(stored.body()).isEqualTo(201);
                assertThat(actions(db)).containsExactly("stored");
            }
        }
    }

    @Test
    void aSchemaThatCannotBeUsed_stillStopsTheStart() {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_startout")) {
            Map<String, Object> props = db.primaryPropertiesVia(Integer.parseInt(PostgresTestDatabase.SERVER.split(":")[1]));
            props.put("custody.storage.primary.properties.migrate", "false");
            assertThatThrownBy(() -> TestServer.start(home, props)).hasStackTraceContaining("has no Custody tables");
        }
    }

    private static Map<String, Object> props(PostgresTestDatabase db, TcpProxy proxy, String mode) {
        Map<String, Object> props = db.primaryPropertiesVia(proxy.port());
        props.put("custody.compliance.mode", mode);
        props.put("custody.storage.primary.properties.socket-timeout", "5s");
        props.put("custody.spool.retry-interval", "200ms");
        props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        return props;
    }

    private static boolean isUp(Resp health) {
        return health.status() == 200 && "UP".equals(((Map<?, ?>) Json.parse(health.body())).get("status"));
    }

    private static List<String> actions(PostgresTestDatabase db) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT action FROM custody.audit_records WHERE namespace = 'outage' ORDER BY seq")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (java.sql.SQLException e) {
            return List.of();   // the schema is not there yet
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
