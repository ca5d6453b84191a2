package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.AUDITOR;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.FlakyAuditStoreProvider;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-access auditing through the real service: every read path appends an {@code access} record to
 * {@code custody.access/<tenant>} saying who read what, with which filters, how many records, the outcome and
 * the purpose; auditors must state a purpose; the {@code custody} namespaces are the service's own.
 */
class AccessAuditTest {

    static final String READER_ALL = "t-reader-all";
    static final String READER_BILLING = "t-reader-billing";
    static final ChainId ACME = ChainId.of("billing", "acme");
    static final ChainId ACCESS_ACME = ChainId.of("custody.access", "acme");

    @TempDir
    Path home;
    TestServer api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private TestServer start(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("custody.security.api-keys", List.of(
                TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("writer", WRITER, "writer", "*/*"),
                TestServer.key("reader-all", READER_ALL, "reader", "*/*"),
                TestServer.key("reader-billing", READER_BILLING, "reader", "billing/*"),
                TestServer.key("auditor", AUDITOR, "auditor", "*/*")));
        api = TestServer.start(home, props);
        return api;
    }

    private List<String> seed(ChainId chain, int n) {
        String[] events = new String[n];
        for (int i = 0; i < n; i++) {
            events[i] = event(chain.namespace(), chain.tenant(), "a" + (i % 2));
        }
        Resp r = api.post("/v1/audit/events", WRITER, batch(events));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        Map<?, ?> body = (Map<?, ?>) Json.parse(r.body());
        return ((List<?>) body.get("records")).stream().map(m -> (String) ((Map<?, ?>) m).get("id")).toList();
    }

    /** The stored access records of {@code chain}, oldest first, as parsed JSON. */
    private List<Map<?, ?>> accessRecords(ChainId chain) {
        try (var s = api.runtime().store().stream(chain, 1, Long.MAX_VALUE)) {
            return s.map(AuditRecord::json).<Map<?, ?>>map(j -> (Map<?, ?>) Json.parse(j)).toList();
        }
    }

    private Map<?, ?> lastAccess(ChainId chain) {
        List<Map<?, ?>> all = accessRecords(chain);
        assertThat(all).as("access records of " + chain).isNotEmpty();
        return all.get(all.size() - 1);
    }

    private static Map<?, ?> payload(Map<?, ?> record) {
        return (Map<?, ?>) record.get("payload");
    }

    @Test
    void everyReadPath_appendsOneAccessRecord_sayingWhoWhatHowManyAndWhy() {
        start(Map.of());
        List<String> ids = seed(ACME, 5);
        record Read(String operation, Resp response, long records) {
        }
        List<Read> reads = List.of(
                new Read("audit.query", api.get("/v1/audit/events?namespace=billing&tenant=acme&action=a0&limit=2", AUDITOR,
                        PURPOSE_HEADER, PURPOSE), 2),
                new Read("audit.query", api.get("/v1/audit/events?namespace=billing&tenant=acme", AUDITOR,
                        PURPOSE_HEADER, PURPOSE, "Accept", "application/x-ndjson"), 5),
                new Read("audit.get", api.get("/v1/audit/events/" + ids.get(3), AUDITOR, PURPOSE_HEADER, PURPOSE), 1),
                new Read("audit.verify", api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}",
                        PURPOSE_HEADER, PURPOSE), 5),
                new Read("audit.export", api.get("/v1/audit/export?namespace=billing&tenant=acme", AUDITOR,
                        PURPOSE_HEADER, PURPOSE), 5),
                new Read("audit.stats", api.get("/v1/audit/stats?namespace=billing&tenant=acme&window=1h", AUDITOR,
                        PURPOSE_HEADER, PURPOSE), -1),
                new Read("forensics.verify", api.get("/forensics/verify?event_id=" + ids.get(0), AUDITOR,
                        PURPOSE_HEADER, PURPOSE), 1));
        List<Map<?, ?>> recorded = accessRecords(ACCESS_ACME);
        assertThat(recorded).hasSize(reads.size());
        for (int i = 0; i < reads.size(); i++) {
            Read read = reads.get(i);
            assertThat(read.response().status()).as(read.operation() + ": " + read.response().body()).isEqualTo(200);
            Map<?, ?> r = recorded.get(i);
            assertThat(r.get("kind")).isEqualTo("access");
            assertThat(r.get("action")).isEqualTo(read.operation());
            assertThat(r.get("outcome")).isEqualTo("granted");
            assertThat(r.get("actor")).isEqualTo(Map.of("type", "api_key", "id", "auditor"));
            assertThat(r.get("resource")).isEqualTo(Map.of("type", "chain", "id", "billing/acme"));
            Map<?, ?> p = payload(r);
            assertThat(p.get("operation")).isEqualTo(read.operation());
            assertThat(p.get("roles")).isEqualTo(List.of("auditor"));
            assertThat(p.get("namespace")).isEqualTo("billing");
            assertThat(p.get("tenant")).isEqualTo("acme");
            assertThat(p.get("purpose")).isEqualTo(PURPOSE);
            if (read.records() >= 0) {
                assertThat(p.get("records")).as(read.operation()).isEqualTo(read.records());
            }
        }
        assertThat(payload(recorded.get(0)).get("filters")).isEqualTo(Map.of("action", "a0", "limit", "2"));
        assertThat(payload(recorded.get(1)).get("filters")).isEqualTo(Map.of("format", "ndjson"));
        assertThat(payload(recorded.get(2)).get("filters")).isEqualTo(Map.of("id", ids.get(3)));
        assertThat(payload(recorded.get(5)).get("records")).isEqualTo(5L);
        assertThat(payload(recorded.get(5)).get("filters")).isEqualTo(Map.of("window", "PT1H", "group_by", "action"));
        assertThat(payload(recorded.get(6)).get("filters")).isEqualTo(Map.of("event_id", ids.get(0)));
        assertThat(accessRecords(ACME)).as("the data chain is not written by reads").hasSize(5);
    }

    @Test
    void forbiddenReads_areRecordedDenied_andBadRequestsAreNot() {
        start(Map.of());
        seed(ChainId.of("loans", "acme"), 1);
        assertProblem(api.get("/v1/audit/events?namespace=loans&tenant=acme", READER_BILLING), 403, "FORBIDDEN", "tenant");
        // a refusal is recorded on the caller's own chain, never on the access chain of the tenant asked for (ADR 0087)
        assertThat(accessRecords(ACCESS_ACME)).isEmpty();
        Map<?, ?> denied = lastAccess(ChainId.of("custody.denied", "reader-billing"));
        assertThat(denied.get("outcome")).isEqualTo("denied");
        assertThat(denied.get("actor")).isEqualTo(Map.of("type", "api_key", "id", "reader-billing"));
        assertThat(payload(denied).get("namespace")).isEqualTo("loans");
        assertThat(payload(denied).containsKey("records")).isFalse();
        assertThat(payload(denied).get("reason")).isNotNull();

        ChainId readerAllRefusals = ChainId.of("custody.denied", "reader-all");
        assertProblem(api.post("/v1/audit/verify", READER_ALL, "{\"namespace\":\"loans\",\"tenant\":\"acme\"}"), 403, "FORBIDDEN", null);
        assertThat(lastAccess(readerAllRefusals).get("action")).isEqualTo("audit.verify");
        assertThat(lastAccess(readerAllRefusals).get("outcome")).isEqualTo("denied");
        int before = accessRecords(readerAllRefusals).size();

        assertProblem(api.get("/v1/audit/events?namespace=loans&tenant=acme&from=yesterday", READER_ALL), 400,
                "INVALID_PARAMETER", "from");
        assertThat(accessRecords(readerAllRefusals)).hasSize(before);

        // a record outside the key's scopes is answered 404 like a missing one, and recorded as the refusal it is
        String loanId = (String) accessRecords(ChainId.of("loans", "acme")).get(0).get("id");
        assertProblem(api.get("/v1/audit/events/" + loanId, READER_BILLING), 404, "NOT_FOUND", null);
        Map<?, ?> hidden = lastAccess(ChainId.of("custody.denied", "reader-billing"));
        assertThat(hidden.get("action")).isEqualTo("audit.get");
        assertThat(hidden.get("outcome")).isEqualTo("denied");
        assertThat(payload(hidden).get("tenant")).isEqualTo("acme");
        assertThat(accessRecords(ACCESS_ACME)).isEmpty();
        // no record has this id: recorded on the service's chain, 0 records
        assertProblem(api.get("/v1/audit/events/" + UUID.randomUUID(), READER_ALL), 404, "NOT_FOUND", null);
        Map<?, ?> miss = lastAccess(ChainId.of("custody", "access"));
        assertThat(miss.get("outcome")).isEqualTo("granted");
        assertThat(payload(miss).get("records")).isEqualTo(0L);
    }

    @Test
    void auditorsMustStateAPurpose_othersMay() {
        start(Map.of());
        seed(ACME, 1);
        String q = "/v1/audit/events?namespace=billing&tenant=acme";
        assertProblem(api.get(q, AUDITOR), 400, "PURPOSE_REQUIRED", PURPOSE_HEADER);
        assertProblem(api.get(q, AUDITOR, PURPOSE_HEADER, "x".repeat(201)), 400, "INVALID_PARAMETER", PURPOSE_HEADER);
        assertProblem(api.get(q, AUDITOR, PURPOSE_HEADER, "case\t42"), 400, "INVALID_PARAMETER", PURPOSE_HEADER);
        assertProblem(api.get(q, AUDITOR, PURPOSE_HEADER, "   "), 400, "INVALID_PARAMETER", PURPOSE_HEADER);
        assertProblem(api.get("/v1/audit/export?namespace=billing&tenant=acme", AUDITOR), 400, "PURPOSE_REQUIRED",
                PURPOSE_HEADER);
        assertProblem(api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}"), 400,
                "PURPOSE_REQUIRED", PURPOSE_HEADER);
        assertThat(accessRecords(ACCESS_ACME)).as("refused for a missing purpose: nothing read").isEmpty();

        assertThat(api.get(q, AUDITOR, PURPOSE_HEADER, "x".repeat(200)).status()).isEqualTo(200);
        assertThat(payload(lastAccess(ACCESS_ACME)).get("purpose")).isEqualTo("x".repeat(200));
        assertThat(api.get(q, READER_BILLING).status()).isEqualTo(200);
        assertThat(payload(lastAccess(ACCESS_ACME)).containsKey("purpose")).isFalse();
        assertThat(api.get(q, READER_BILLING, PURPOSE_HEADER, "incident 9").status()).isEqualTo(200);
        assertThat(payload(lastAccess(ACCESS_ACME)).get("purpose")).isEqualTo("incident 9");
        assertThat(api.get(q, ADMIN).status()).as("admin keys are not auditor keys").isEqualTo(200);
    }

    @Test
    void subjectFilter_isRecordedAsAKeyedHash_whenPersonalDataIsOff() {
        start(Map.of());
        seed(ACME, 2);
        Resp r = api.get("/v1/audit/events?namespace=billing&tenant=acme&subject_id=s-42", AUDITOR, PURPOSE_HEADER, PURPOSE);
        assertThat(r.status()).isEqualTo(200);
        Map<?, ?> filters = (Map<?, ?>) payload(lastAccess(ACCESS_ACME)).get("filters");
        assertThat((String) filters.get("subject_id")).matches("s1:[0-9a-f]{32}");
        assertThat(api.runtime().store().streamJson(ACCESS_ACME, 1, Long.MAX_VALUE).toList()).noneMatch(l -> l.contains("s-42"));
        api.get("/v1/audit/events?namespace=billing&tenant=acme&subject_id=s-42", READER_ALL);
        assertThat(((Map<?, ?>) payload(lastAccess(ACCESS_ACME)).get("filters")).get("subject_id"))
                .as("stable, so reads of one subject can be found").isEqualTo(filters.get("subject_id"));
    }

    @Test
    void subjectFilter_isRecordedAsTheRecordPseudonym_whenPersonalDataIsOn() {
        start(Map.of("custody.personal-data.enabled", "true"));
        seed(ACME, 2);
        String stored = (String) accessRecords(ACME).get(0).get("subject_id");
        assertThat(stored).startsWith("p1:");
        api.get("/v1/audit/events?namespace=billing&tenant=acme&subject_id=s-42", AUDITOR, PURPOSE_HEADER, PURPOSE);
        assertThat(((Map<?, ?>) payload(lastAccess(ACCESS_ACME)).get("filters")).get("subject_id")).isEqualTo(stored);
        api.get("/v1/audit/events?namespace=billing&tenant=acme&subject_id=nobody-7", AUDITOR, PURPOSE_HEADER, PURPOSE);
        Map<?, ?> unknown = lastAccess(ACCESS_ACME);
        assertThat(((Map<?, ?>) payload(unknown).get("filters")).get("subject_id")).isEqualTo("[unknown subject]");
        assertThat(payload(unknown).get("records")).isEqualTo(0L);
    }

    @Test
    void custodyNamespaces_areReservedForTheService_andTheAccessChainVerifies() {
        start(Map.of());
        for (String ns : List.of("custody", "custody.access", "custody.anything")) {
            assertProblem(api.post("/v1/audit/events", WRITER, event(ns, "acme", "x")), 400, "INVALID_EVENT", "/namespace");
        }
        assertThat(api.post("/v1/audit/events", WRITER, event("custodyx", "acme", "x")).status()).isEqualTo(201);
        seed(ACME, 3);
        api.get("/v1/audit/events?namespace=billing&tenant=acme", READER_ALL);
        api.get("/v1/audit/export?namespace=billing&tenant=acme", AUDITOR, PURPOSE_HEADER, PURPOSE);

        // readers, even with every tenant in scope, do not read the service's chains; auditors do, and are recorded
        assertProblem(api.get("/v1/audit/events?namespace=custody.access&tenant=acme", READER_ALL), 403, "FORBIDDEN",
                "namespace");
        Resp read = api.get("/v1/audit/events?namespace=custody.access&tenant=acme", AUDITOR, PURPOSE_HEADER, PURPOSE);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).contains("\"action\":\"audit.export\"").doesNotContain("\"outcome\":\"denied\"");
        assertThat(lastAccess(ChainId.of("custody.denied", "reader-all")).get("outcome")).as("the refusal").isEqualTo("denied");
        int before = accessRecords(ACCESS_ACME).size();
        Resp v = api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"custody.access\",\"tenant\":\"acme\"}",
                PURPOSE_HEADER, PURPOSE);
        assertThat(v.body()).startsWith("{\"valid\":true").contains("\"records_checked\":" + before);
        Map<?, ?> self = lastAccess(ACCESS_ACME);
        assertThat(self.get("action")).isEqualTo("audit.verify");
        assertThat(payload(self).get("namespace")).isEqualTo("custody.access");
        assertThat(accessRecords(ACCESS_ACME)).hasSize(before + 1);
        api.assertChainsVerify();
    }

    @Test
    void aStreamCutByTheClient_isRecordedIncomplete() throws Exception {
        start(Map.of());
        for (int b = 0; b < 20; b++) {
            seed(ACME, 500);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.server.getURL() + "/v1/audit/export?namespace=billing&tenant=acme"))
                .header("Authorization", "Bearer " + AUDITOR).header(PURPOSE_HEADER, PURPOSE).build();
        HttpResponse<InputStream> r = api.client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            assertThat(in.read(new byte[100])).isPositive();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (accessRecords(ACCESS_ACME).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Map<?, ?> cut = lastAccess(ACCESS_ACME);
        assertThat(cut.get("outcome")).isEqualTo("incomplete");
        assertThat((Long) payload(cut).get("records")).isLessThan(10_000L);
    }

    @Test
    void syncMode_aReadWhoseAccessRecordCannotBeWritten_fails503() {
        String name = UUID.randomUUID().toString();
        start(Map.of("custody.compliance.mode", "soc2", "custody.storage.primary.backend", "test-flaky",
                "custody.storage.primary.properties.name", name));
        seed(ACME, 2);
        FlakyAuditStoreProvider.store(name).appendsFailTo = c -> c.namespace().equals("custody.access");
        for (Resp r : List.of(api.get("/v1/audit/events?namespace=billing&tenant=acme", READER_ALL),
                api.get("/v1/audit/stats?namespace=billing&tenant=acme", READER_ALL),
                api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}", PURPOSE_HEADER, PURPOSE))) {
            assertProblem(r, 503, "STORE_UNAVAILABLE", null);
            assertThat(r.body()).doesNotContain("\"records\"", "\"valid\"");
        }
        // a stream has sent its status already: it is cut instead of ending, so no complete answer goes unrecorded
        for (String path : List.of("/v1/audit/events?namespace=billing&tenant=acme", "/v1/audit/export?namespace=billing&tenant=acme")) {
            Resp streamed;
            try {
                streamed = api.get(path, AUDITOR, PURPOSE_HEADER, PURPOSE, "Accept", "application/x-ndjson");
            } catch (java.io.UncheckedIOException cut) {
                continue;
            }
            assertThat(streamed.status()).as(path + ": " + streamed.body()).isNotEqualTo(200);
        }
        FlakyAuditStoreProvider.store(name).appendsFailTo = c -> false;
        assertThat(api.get("/v1/audit/events?namespace=billing&tenant=acme", READER_ALL).status()).isEqualTo(200);
        assertThat(accessRecords(ACCESS_ACME)).hasSize(1);
    }

    @Test
    void modeNone_aReadIsAnsweredEvenWhenItsAccessRecordIsLost_andTheLossIsCounted() throws Exception {
        String name = UUID.randomUUID().toString();
        start(Map.of("custody.compliance.mode", "none", "custody.storage.primary.backend", "test-flaky",
                "custody.storage.primary.properties.name", name));
        seed(ACME, 2);
        FlakyAuditStoreProvider.store(name).appendsFailTo = c -> c.namespace().equals("custody.access");
        assertThat(api.get("/v1/audit/events?namespace=billing&tenant=acme", READER_ALL).status()).isEqualTo(200);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (api.runtime().access().dropped() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(api.runtime().access().dropped()).isEqualTo(1);
        assertThat(api.get("/prometheus", null).body()).contains("custody_access_dropped_total 1.0");
        FlakyAuditStoreProvider.store(name).appendsFailTo = c -> false;
        assertThat(api.get("/v1/audit/events?namespace=billing&tenant=acme", READER_ALL).status()).isEqualTo(200);
        deadline = System.nanoTime() + 10_000_000_000L;
        while (accessRecords(ACCESS_ACME).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(accessRecords(ACCESS_ACME)).hasSize(1);
    }
}
