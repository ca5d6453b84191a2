package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.AUDITOR;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.READER;
import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiRoundTripTest {

    @TempDir
    static Path home;
    static TestServer api;

    @BeforeAll
    static void start() {
        api = TestServer.withKeys(home);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void postBatch_queryFetchExportVerify_roundTrip() {
        Resp posted = api.post("/v1/audit/events", WRITER, batch(event("billing", "rt", "a1"), event("billing", "rt", "a2"),
                event("billing", "rt", "a3")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(posted.contentType()).startsWith("application/json");
        List<?> records = (List<?>) ((Map<?, ?>) Json.parse(posted.body())).get("records");
        assertThat(records).hasSize(3);
        List<AuditRecord> stored = api.runtime().store().readRange(ChainId.of("billing", "rt"), 1, 3);
        for (int i = 0; i < 3; i++) {
            Map<?, ?> r = (Map<?, ?>) records.get(i);
            assertThat(r.keySet().stream().map(String::valueOf).toList()).containsExactly("id", "namespace", "tenant", "seq", "record_hash");
            assertThat(r.get("id")).isEqualTo(stored.get(i).id());
            assertThat(r.get("seq")).isEqualTo(i + 1L);
            assertThat(r.get("namespace")).isEqualTo("billing");
            assertThat(r.get("tenant")).isEqualTo("rt");
            assertThat(r.get("record_hash")).isEqualTo(stored.get(i).recordHash());
        }

        Resp page = api.get("/v1/audit/events?namespace=billing&tenant=rt&limit=2", READER);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("{\"records\":[" + stored.get(0).json() + "," + stored.get(1).json()
                + "],\"next_cursor\":\"" + QueryParams.cursor(2) + "\"}");
        Resp last = api.get("/v1/audit/events?namespace=billing&tenant=rt&limit=2&cursor=" + QueryParams.cursor(2), AUDITOR, PURPOSE_HEADER, PURPOSE);
        assertThat(last.body()).isEqualTo("{\"records\":[" + stored.get(2).json() + "],\"next_cursor\":null}");
        Resp filtered = api.get("/v1/audit/events?namespace=billing&tenant=rt&action=a2&kind=decision&actor_id=loan-engine"
                + "&resource_type=loan&resource_id=L-1&outcome=approved&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00%2B01:00", READER);
        assertThat(filtered.body()).isEqualTo("{\"records\":[" + stored.get(1).json() + "],\"next_cursor\":null}");

        Resp ndjson = api.get("/v1/audit/events?namespace=billing&tenant=rt&limit=1", READER, "Accept", "application/x-ndjson");
        assertThat(ndjson.status()).isEqualTo(200);
        assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
        assertThat(ndjson.body()).isEqualTo(stored.get(0).json() + "\n" + stored.get(1).json() + "\n" + stored.get(2).json() + "\n");

        Resp byId = api.get("/v1/audit/events/" + stored.get(1).id(), READER);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.body()).isEqualTo(stored.get(1).json());

        Resp export = api.get("/v1/audit/export?namespace=billing&tenant=rt", AUDITOR, PURPOSE_HEADER, PURPOSE);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        assertThat(export.header("Content-Disposition")).isEqualTo("attachment; filename=\"billing-rt.ndjson\"");
        assertThat(export.body()).endsWith("\n");
        List<String> lines = Arrays.asList(export.body().split("\n"));
        assertThat(lines).containsExactly(stored.get(0).json(), stored.get(1).json(), stored.get(2).json());
        Verification offline = new ChainVerifier().verifyExport(lines.iterator());
        assertThat(offline.valid()).isTrue();
        assertThat(offline.recordsChecked()).isEqualTo(3);

        Resp verify = api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"rt\"}", PURPOSE_HEADER, PURPOSE);
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.body()).isEqualTo("{\"valid\":true,\"records_checked\":3,\"first_broken_at\":null,\"first_record_id\":\""
                + stored.get(0).id() + "\",\"last_record_id\":\"" + stored.get(2).id() + "\",\"reason\":null}");
        Resp range = api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"rt\",\"from_seq\":2,\"to_seq\":3}", PURPOSE_HEADER, PURPOSE);
        assertThat(((Map<?, ?>) Json.parse(range.body())).get("records_checked")).isEqualTo(2L);
        api.assertChainsVerify();
    }

    @Test
    void singleEventObject_isAppendedAndAnsweredAsOneRecord() {
        Resp r = api.post("/v1/audit/events", ADMIN, event("payroll", "one", "single"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).matches("\\{\"records\":\\[\\{\"id\":\"[0-9a-f-]{36}\",\"namespace\":\"payroll\",\"tenant\":\"one\","
                + "\"seq\":1,\"record_hash\":\"[0-9a-f]{64}\"}]}");
    }

    @Test
    void complianceStatus_showsEffectiveSettingsAndBackend() {
        Resp r = api.get("/v1/compliance/status", READER);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"mode\":\"soc2\",\"sync_audit_writes\":true,\"immutable_audit\":false,\"hash_chain\":true,"
                + "\"primary_backend\":{\"name\":\"file\",\"capabilities\":[\"conditional_append\",\"durable\",\"purge_before_seq\"]}}");
    }

    @Test
    void openApiDocumentAndPageArePublic() {
        Resp yml = api.get("/openapi.yml", null);
        assertThat(yml.status()).isEqualTo(200);
        assertThat(yml.body()).startsWith("openapi: 3").contains("/v1/audit/events:", "/v1/audit/verify:", "/v1/audit/export:",
                "/v1/compliance/status:", "/v1/audit/events/{id}:", "/v1/retention/runs:", "/v1/holds:", "/v1/holds/{id}:");
        Resp page = api.get("/api", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<code>/v1/audit/events</code>", "Append audit events", "Verify a chain")
                .doesNotContain("<script");
    }

    @Test
    void healthDetailsAndPrometheus_showCustodyMetersToAnAdminKey() {
        Resp health = api.get("/health", ADMIN);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "systemOfRecord");
        assertThat(api.post("/v1/audit/events", WRITER, TestServer.event("billing", "metered", "m1")).status()).isEqualTo(201);
        api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"metered\"}", PURPOSE_HEADER, PURPOSE);
        api.get("/v1/audit/events?tenant=x", READER);
        Resp prom = api.get("/prometheus", ADMIN);
        assertThat(prom.status()).isEqualTo(200);
        assertThat(prom.body()).contains("custody_verifications_total{result=\"valid\"}",
                "custody_rejections_total{reason=\"INVALID_PARAMETER\"}");
    }
}
