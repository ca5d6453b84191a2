package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.AUDITOR;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.READER;
import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and mistaken requests: each gets a clear problem, and nothing stored changes. */
class ApiErrorsTest {

    static final String EVENTS = "/v1/audit/events";
    static final ChainId CHAIN = ChainId.of("billing", "acme");

    @TempDir
    static Path home;
    static TestServer api;
    static ChainTip tipBefore;

    @BeforeAll
    static void start() {
        api = TestServer.withKeys(home);
        assertThat(api.post(EVENTS, WRITER, event("billing", "acme", "seed")).status()).isEqualTo(201);
        tipBefore = api.runtime().store().tip(CHAIN);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(api.runtime().store().tip(CHAIN)).isEqualTo(tipBefore);
        api.assertChainsVerify();
    }

    private static Resp post(String json) {
        return api.post(EVENTS, WRITER, json);
    }

    @Test
    void malformedJson_trailingGarbage_duplicateKeys() {
        assertProblem(post("{\"namespace\":"), 400, "INVALID_JSON", "/namespace");
        assertProblem(post(event("billing", "acme", "x") + " garbage"), 400, "INVALID_JSON", "");
        Resp dup = post("{\"namespace\":\"billing\",\"namespace\":\"billing\"}");
        assertProblem(dup, 400, "INVALID_JSON", "");
        assertThat(dup.body()).contains("duplicate key \\\"namespace\\\"");
        assertProblem(post(""), 400, "INVALID_JSON", "");
        assertProblem(post("[1]"), 400, "INVALID_EVENT", "");
    }

    @Test
    void wrongTypes_missingFields_unknownFields() {
        assertProblem(post(event("billing", "acme", "x").replace("{\"type\":\"service\",\"id\":\"loan-engine\"}", "\"x\"")),
                400, "INVALID_EVENT", "/actor");
        assertProblem(post(batch(event("billing", "acme", "ok"), event("billing", "acme", "x").replace("\"kind\":\"decision\",", ""))),
                400, "INVALID_EVENT", "/events/1/kind");
        assertProblem(post(event("billing", "acme", "x").replace("{\"namespace\"", "{\"colour\":1,\"namespace\"")),
                400, "INVALID_EVENT", "/colour");
        assertProblem(post(event("billing", "acme", "x").replace("\"outcome\":\"approved\"", "\"outcome\":7")),
                400, "INVALID_EVENT", "/outcome");
        assertProblem(post(event("billing", "acme", "x").replace("\"subject_id\":\"s-42\"", "\"subject_id\":null")),
                400, "INVALID_EVENT", "/subject_id");
        assertProblem(post(batch(event("billing", "acme", "x").replace("\"id\":\"L-1\"", "\"id\":\"L-1\",\"x\":1"))),
                400, "INVALID_EVENT", "/events/0/resource/x");
        assertProblem(post("{\"events\":[],\"more\":1}"), 400, "INVALID_EVENT", "/more");
        assertProblem(post("{\"events\":{}}"), 400, "INVALID_EVENT", "/events");
        assertProblem(post(event("billing", "acme", "x").replace("\"kind\":\"decision\"", "\"kind\":\"bogus\"")),
                400, "INVALID_EVENT", "/kind");
    }

    @Test
    void hostileChainNames() {
        assertProblem(post(batch(event("billing", "../../etc", "x"))), 400, "INVALID_EVENT", "/events/0/tenant");
        assertProblem(post(batch(event("'; DROP TABLE x; --", "acme", "x"))), 400, "INVALID_EVENT", "/events/0/namespace");
        assertProblem(api.get(EVENTS + "?namespace=billing&tenant=..%2F..%2Fetc", READER), 400, "INVALID_PARAMETER", "tenant");
        assertThat(home.resolve("etc")).doesNotExist();
    }

    @Test
    void hostileNumbersAndNesting() {
        assertProblem(post(event("billing", "acme", "x").replace("712", "9007199254740993")), 400, "INVALID_EVENT", "/payload/score");
        assertProblem(post(batch(event("billing", "acme", "x").replace("712", "9007199254740993"))), 400, "INVALID_EVENT",
                "/events/0/payload/score");
        assertProblem(post(event("billing", "acme", "x").replace("712", "1e400")), 400, "INVALID_JSON", "/payload/score");
        String deep = "[".repeat(1000) + "]".repeat(1000);
        Resp r = post(event("billing", "acme", "x").replace("712", deep));
        assertProblem(r, 400, "INVALID_JSON", fieldOf(r));
        assertThat(fieldOf(r)).startsWith("/payload/score/0/0/0");
        assertThat(r.body()).contains("nesting deeper than 40");
    }

    private static String fieldOf(Resp r) {
        return (String) ((java.util.Map<?, ?>) dev.custody.domain.json.Json.parse(r.body())).get("field");
    }

    @Test
    void invalidUtf8() {
        byte[] good = event("billing", "acme", "x").getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[good.length + 2];
        System.arraycopy(good, 0, bad, 0, 20);
        bad[20] = (byte) 0xC3;
        bad[21] = (byte) 0x28;
        System.arraycopy(good, 20, bad, 22, good.length - 20);
        assertProblem(api.send("POST", EVENTS, WRITER, "application/json", bad), 400, "INVALID_JSON", "");
    }

    @Test
    void batchWithOneBadEvent_storesNothing() {
        Resp r = post(batch(event("billing", "acme", "a"), event("billing", "acme", "b").replace("\"outcome\":\"approved\"",
                "\"outcome\":\"\""), event("billing", "acme", "c")));
        assertProblem(r, 400, "INVALID_EVENT", "/events/1/outcome");
    }

    @Test
    void batchSizes_andMixedChains() {
        List<String> many = new ArrayList<>(Collections.nCopies(1001, event("billing", "acme", "x")));
        assertProblem(post(batch(many.toArray(String[]::new))), 400, "INVALID_EVENT", "/events");
        assertProblem(post("{\"events\":[]}"), 400, "INVALID_EVENT", "/events");
        Resp mixed = post(batch(event("billing", "acme", "a"), event("billing", "other", "b")));
        assertProblem(mixed, 400, "INVALID_EVENT", "/events/1/tenant");
        assertThat(mixed.body()).contains("one chain");
        assertThat(api.runtime().store().tip(ChainId.of("billing", "other"))).isEqualTo(ChainTip.GENESIS);
    }

    @Test
    void unauthorized() {
        for (Resp r : List.of(api.get(EVENTS + "?namespace=billing&tenant=acme", null),
                api.get(EVENTS + "?namespace=billing&tenant=acme", "wrong-token"),
                api.get(EVENTS + "?namespace=billing&tenant=acme", null, "Authorization", "Basic dXNlcjpwYXNz"),
                api.get(EVENTS + "?namespace=billing&tenant=acme", null, "Authorization", "Bearer"),
                api.post(EVENTS, null, event("billing", "acme", "x")))) {
            assertProblem(r, 401, "UNAUTHORIZED", null);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void forbidden_roleAndTenant() {
        assertProblem(api.post(EVENTS, READER, event("billing", "acme", "x")), 403, "FORBIDDEN", null);
        assertProblem(api.get("/v1/audit/export?namespace=billing&tenant=acme", WRITER), 403, "FORBIDDEN", null);
        assertProblem(api.post("/v1/audit/verify", READER, "{\"namespace\":\"billing\",\"tenant\":\"acme\"}"), 403, "FORBIDDEN", null);
        Resp tenant = api.post(EVENTS, WRITER, event("payroll", "acme", "x"));
        assertProblem(tenant, 403, "FORBIDDEN", "/tenant");
        assertThat(tenant.body()).as("the key's scopes, never the chain asked for (ADR 0085)")
                .contains("billing/*").doesNotContain("payroll/acme");
        assertProblem(api.get(EVENTS + "?namespace=payroll&tenant=acme", READER), 403, "FORBIDDEN", "tenant");
    }

    @Test
    void notFound_routeAndId_andOutOfScopeIdIsNotFoundToo() {
        assertProblem(api.get("/v1/nothing-here", ADMIN), 404, "NOT_FOUND", null);
        assertProblem(api.get(EVENTS + "/0190a5b2-0000-7000-8000-000000000000", READER), 404, "NOT_FOUND", null);
        assertProblem(api.get(EVENTS + "/not-a-uuid%22%2C%22x", READER), 404, "NOT_FOUND", null);
        api.post(EVENTS, ADMIN, event("payroll", "hidden", "x"));
        String id = api.runtime().store().readRange(ChainId.of("payroll", "hidden"), 1, 1).get(0).id();
        assertThat(api.get(EVENTS + "/" + id, AUDITOR, PURPOSE_HEADER, PURPOSE).status()).isEqualTo(200);
        assertProblem(api.get(EVENTS + "/" + id, READER), 404, "NOT_FOUND", null);
    }

    @Test
    void methodNotAllowed_unsupportedMediaType_payloadTooLarge() {
        assertProblem(api.send("DELETE", EVENTS, ADMIN, null, null), 405, "METHOD_NOT_ALLOWED", null);
        assertProblem(api.send("POST", EVENTS, WRITER, "text/plain", event("billing", "acme", "x").getBytes(StandardCharsets.UTF_8)),
                415, "UNSUPPORTED_MEDIA_TYPE", null);
        byte[] huge = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertProblem(api.send("POST", EVENTS, WRITER, "application/json", huge), 413, "PAYLOAD_TOO_LARGE", null);
    }

    @Test
    void badQueryParameters() {
        assertProblem(api.get(EVENTS + "?tenant=acme", READER), 400, "INVALID_PARAMETER", "namespace");
        assertProblem(api.get(EVENTS + "?namespace=billing&tenant=acme&limit=0", READER), 400, "INVALID_PARAMETER", "limit");
        assertProblem(api.get(EVENTS + "?namespace=billing&tenant=acme&limit=abc", READER), 400, "INVALID_PARAMETER", "limit");
        assertProblem(api.get(EVENTS + "?namespace=billing&tenant=acme&cursor=%21%21", READER), 400, "INVALID_PARAMETER", "cursor");
        assertProblem(api.get(EVENTS + "?namespace=billing&tenant=acme&from=yesterday", READER), 400, "INVALID_PARAMETER", "from");
        assertProblem(api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\"}", PURPOSE_HEADER, PURPOSE), 400, "INVALID_PARAMETER", "/tenant");
        assertProblem(api.post("/v1/audit/verify", AUDITOR, "{\"namespace\":\"billing\",\"tenant\":\"acme\",\"from_seq\":\"1\"}", PURPOSE_HEADER, PURPOSE),
                400, "INVALID_PARAMETER", "/from_seq");
        assertProblem(api.send("POST", EVENTS, WRITER, "application/json", event("billing", "acme", "x").getBytes(StandardCharsets.UTF_8),
                "Idempotency-Key", "x".repeat(256)), 400, "INVALID_PARAMETER", "Idempotency-Key");
    }
}
