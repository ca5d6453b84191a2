package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A key scoped to one tenant, holding every role, against another tenant's chain: every endpoint that names or
 * reaches a chain refuses (403, or 404 where existence itself must not leak), the same request on its own
 * tenant succeeds, no body carries the other tenant's data, and the other chain is unchanged. A new endpoint is
 * one more row in {@link #endpoints()}.
 */
class TenantIsolationTest {

    static final String ACME_KEY = "t-acme-all-roles";
    static final ChainId OWN = ChainId.of("billing", "acme");
    static final ChainId OTHER = ChainId.of("billing", "globex");

    @TempDir
    static Path home;
    static TestServer api;
    static String otherId;
    static String ownId;
    static ChainTip otherTip;

    /** One endpoint: the request for a chain (and a record id in it), and what the other tenant gets. */
    record Endpoint(String name, BiFunction<ChainId, String, Resp> call, int ownStatus, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(
                new Endpoint("list events", (c, id) -> api.get(query("/v1/audit/events", c), ACME_KEY), 200, 403, "FORBIDDEN"),
                new Endpoint("list events as NDJSON", (c, id) -> api.get(query("/v1/audit/events", c), ACME_KEY,
                        "Accept", "application/x-ndjson"), 200, 403, "FORBIDDEN"),
                new Endpoint("list events by subject", (c, id) -> api.get(query("/v1/audit/events", c) + "&subject_id=s-42",
                        ACME_KEY), 200, 403, "FORBIDDEN"),
                new Endpoint("event by id", (c, id) -> api.get("/v1/audit/events/" + id, ACME_KEY), 200, 404, "NOT_FOUND"),
                new Endpoint("verify", (c, id) -> api.post("/v1/audit/verify", ACME_KEY, chainJson(c)), 200, 403, "FORBIDDEN"),
                new Endpoint("verify a range", (c, id) -> api.post("/v1/audit/verify", ACME_KEY,
                        chainJson(c).replace("}", ",\"from_seq\":1}")), 200, 403, "FORBIDDEN"),
                new Endpoint("export", (c, id) -> api.get(query("/v1/audit/export", c), ACME_KEY), 200, 403, "FORBIDDEN"),
                new Endpoint("append one", (c, id) -> api.post("/v1/audit/events", ACME_KEY,
                        event(c.namespace(), c.tenant(), "iso")), 201, 403, "FORBIDDEN"),
                new Endpoint("append a batch", (c, id) -> api.post("/v1/audit/events", ACME_KEY,
                        batch(event(c.namespace(), c.tenant(), "iso1"), event(c.namespace(), c.tenant(), "iso2"))),
                        201, 403, "FORBIDDEN"),
                new Endpoint("append with an idempotency key", (c, id) -> api.post("/v1/audit/events", ACME_KEY,
                        event(c.namespace(), c.tenant(), "iso"), "Idempotency-Key", "iso-" + c.tenant()), 201, 403, "FORBIDDEN"));
    }

    @BeforeAll
    static void start() {
        api = TestServer.start(home, Map.of("custody.security.api-keys", List.of(
                TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("acme", ACME_KEY, "admin", "billing/acme"))));
        otherId = id(api.post("/v1/audit/events", ADMIN, event("billing", "globex", "secret.globex.action")));
        ownId = id(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "acme.action")));
        otherTip = api.runtime().store().tip(OTHER);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @AfterEach
    void otherChainUnchanged() {
        assertThat(api.runtime().store().tip(OTHER)).isEqualTo(otherTip);
        api.assertChainsVerify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aKeyScopedToOneTenantCannotReachAnother(Endpoint e) {
        Resp own = e.call().apply(OWN, ownId);
        assertThat(own.status()).as("%s on its own tenant: %s", e.name(), own.body()).isEqualTo(e.ownStatus());

        Resp other = e.call().apply(OTHER, otherId);
        assertProblem(other, e.status(), e.code(), other.body().contains("\"field\"")
                ? (String) ((Map<?, ?>) Json.parse(other.body())).get("field") : null);
        // the id is echoed where the request named it (by id); nothing else of the other chain appears
        assertThat(other.body().replace("'" + otherId + "'", "").replace("/" + otherId, ""))
                .doesNotContain(otherId, "secret.globex.action", otherTip.recordHash());
    }

    private static String query(String path, ChainId c) {
        return path + "?namespace=" + c.namespace() + "&tenant=" + c.tenant();
    }

    private static String chainJson(ChainId c) {
        return "{\"namespace\":\"" + c.namespace() + "\",\"tenant\":\"" + c.tenant() + "\"}";
    }

    private static String id(Resp r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(r.body())).get("records")).get(0)).get("id");
    }
}
