package dev.custody.app.api;

import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.access.AccessLog;
import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint × role × scope table of {@code docs/security.md}, walked on the running service: every route the
 * router knows must have a row here (a new endpoint fails {@link #everyRouteHasARow_andTheDocumentListsIt} until
 * it gets one), and every row is asked, about the tenant {@code billing/globex}, by no key, by a key of each role
 * scoped to {@code billing/acme}, and by a key of each role scoped {@code *}{@code /*}. A caller that may not see
 * globex gets the status of its cell, a body without globex's name, ids or data, a 404 identical to the one for an
 * id that does not exist, and leaves globex's chain, its access chain and its holds as they were.
 */
class EndpointScopeTableTest {

    /**
     * Routes another part of the service answers for, listed one by one (never a prefix, which would also let a
     * new API route through): the management endpoints, see "Management endpoints" in docs/security.md.
     */
    static final Set<String> MANAGEMENT = Set.of(
            "GET /health", "HEAD /health", "GET /health/{selector}", "HEAD /health/{selector}",
            "GET /prometheus", "HEAD /prometheus", "GET /metrics", "HEAD /metrics", "GET /metrics/{name}", "HEAD /metrics/{name}",
            "GET /beans", "HEAD /beans", "GET /info", "HEAD /info", "GET /liquibase", "HEAD /liquibase",
            "GET /routes", "HEAD /routes", "GET /threaddump", "HEAD /threaddump", "POST /refresh");

    static final ChainId GLOBEX = ChainId.of("billing", "globex");
    static final String CASE = "CASE-GLOBEX-7";
    static final String ACTION = "secret.globex.action";

    /** Who asks; the role of each key is its name's second part. */
    enum Asker {
        NO_KEY(null), ACME_ADMIN("admin"), ACME_WRITER("writer"), ACME_READER("reader"), ACME_AUDITOR("auditor"),
        ALL_ADMIN("admin"), ALL_WRITER("writer"), ALL_READER("reader"), ALL_AUDITOR("auditor");

        final String role;

        Asker(String role) {
            this.role = role;
        }

        String token() {
            return role == null ? null : "t-" + name().toLowerCase().replace('_', '-');
        }

        /** Whether this caller may see globex: only the keys scoped to every chain. */
        boolean seesGlobex() {
            return name().startsWith("ALL_");
        }
    }

    /**
     * One row: the route as the router names it, the request about globex (given the token), the id of globex's
     * that the request sends (a problem echoes it), the same request for an id that does not exist and that id, and
     * the status of each asker in {@link Asker} order. A GET row also asks HEAD of the same request (the router has
     * a HEAD route for every GET), which must answer the same status without a body.
     */
    record Row(String route, Function<String, Resp> call, Function<String, Resp> head, String echoed,
            Function<String, Resp> twin, String twinId, int... status) {
        int expected(Asker a) {
            return status[a.ordinal()];
        }
    }

    @TempDir
    static Path home;
    static TestRedis redis;
    static TestServer api;
    static String eventId;
    static String recordHash;
    static String holdId;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        Map<String, Object> p = new HashMap<>();
        List<Map<String, Object>> keys = new ArrayList<>();
        for (Asker a : Asker.values()) {
            if (a.role != null) {
                keys.add(TestServer.key(a.name().toLowerCase(), a.token(), a.role, a.seesGlobex() ? "*/*" : "billing/acme"));
            }
        }
        p.put("custody.security.api-keys", keys);
        p.put("custody.personal-data.fields", List.of("/payload/reasons"));
        p.put("custody.subject-data.stores", List.of(Map.of("provider", "redis",
                "properties", Map.of("uri", redis.uri(), "prefix", redis.prefix))));
        p.put("custody.retention.schedule", "off");
        api = TestServer.start(home, p);
        String admin = Asker.ALL_ADMIN.token();
        Resp appended = api.post("/v1/audit/events", admin, event("billing", "globex", ACTION).replace("s-42", "s-globex"));
        assertThat(appended.status()).as(appended.body()).isEqualTo(201);
        eventId = (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(appended.body())).get("records")).get(0)).get("id");
        recordHash = api.runtime().store().tip(GLOBEX).recordHash();
        assertThat(api.post("/v1/audit/events", admin, event("billing", "acme", "acme.action")).status()).isEqualTo(201);
        holdId = hold(admin);
        assertThat(checkpoint(Asker.ALL_WRITER.token()).status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        try {
            api.close();
        } finally {
            redis.close();
        }
    }

    /** The table; the statuses in the order no key, acme admin/writer/reader/auditor, all admin/writer/reader/auditor. */
    static List<Row> table() {
        String chainQuery = "?namespace=billing&tenant=globex";
        String chainBody = "{\"namespace\":\"billing\",\"tenant\":\"globex\"}";
        return List.of(
                row("POST /v1/audit/events", t -> api.post("/v1/audit/events", t, event("billing", "globex", "x.append")),
                        401, 403, 403, 403, 403, 201, 201, 403, 403),
                get("GET /v1/audit/events", "/v1/audit/events" + chainQuery,
                        401, 403, 403, 403, 403, 200, 403, 200, 200),
                getById("GET /v1/audit/events/{id}", id -> "/v1/audit/events/" + id, eventId,
                        401, 404, 403, 404, 404, 200, 403, 200, 200),
                get("GET /v1/audit/stats", "/v1/audit/stats" + chainQuery,
                        401, 403, 403, 403, 403, 200, 403, 200, 200),
                row("POST /v1/audit/verify", t -> api.post("/v1/audit/verify", t, chainBody, PURPOSE_HEADER, PURPOSE),
                        401, 403, 403, 403, 403, 200, 403, 403, 200),
                get("GET /v1/audit/export", "/v1/audit/export" + chainQuery,
                        401, 403, 403, 403, 403, 200, 403, 403, 200),
                get("GET /v1/compliance/status", "/v1/compliance/status",
                        401, 200, 200, 200, 200, 200, 200, 200, 200),
                getById("GET /forensics/verify", id -> "/forensics/verify?event_id=" + id, eventId,
                        401, 404, 403, 403, 404, 200, 403, 403, 200),
                row("POST /v1/gdpr/erasures", t -> api.post("/v1/gdpr/erasures", t,
                                "{\"subject_id\":\"s-globex\",\"requested_by\":\"dpo\"}"),
                        401, 403, 403, 403, 403, 409, 403, 403, 403),
                row("POST /v1/retention/runs", t -> api.post("/v1/retention/runs", t, "{}"),
                        401, 200, 403, 403, 403, 200, 403, 403, 403),
                row("POST /v1/holds", t -> api.post("/v1/holds", t, holdBody()),
                        401, 403, 403, 403, 403, 201, 403, 403, 403),
                get("GET /v1/holds", "/v1/holds",
                        401, 200, 403, 403, 403, 200, 403, 403, 403),
                // the key that may release globex's hold releases a fresh one, so the hold stays for every other cell
                byId("DELETE /v1/holds/{id}", id -> t -> release(t, Asker.ALL_ADMIN.token().equals(t) ? hold(t) : id), holdId,
                        401, 404, 403, 403, 403, 200, 403, 403, 403),
                row("PUT /v1/subject-data/checkpoints", EndpointScopeTableTest::checkpoint,
                        401, 403, 403, 403, 403, 204, 204, 403, 403),
                get("GET /openapi.yml", "/openapi.yml",
                        200, 200, 200, 200, 200, 200, 200, 200, 200),
                get("GET /api", "/api",
                        200, 200, 200, 200, 200, 200, 200, 200, 200));
    }

    @Test
    void everyRouteHasARow_andTheDocumentListsIt() throws IOException {
        Set<String> routes = api.server.getApplicationContext().getBean(Router.class).uriRoutes()
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> rows = new TreeSet<>();
        for (Row row : table()) {
            rows.add(row.route());
            if (row.head() != null) {
                rows.add(row.route().replaceFirst("^GET ", "HEAD "));
            }
        }
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(rows);
        missing.removeAll(MANAGEMENT);
        assertThat(missing).as("routes without a row in this table (and in docs/security.md); the router knows %s", routes)
                .isEmpty();
        assertThat(routes).as("every row is a route the service has").containsAll(rows);

        String doc = Files.readString(Path.of("..", "docs", "security.md"), StandardCharsets.UTF_8);
        for (String route : table().stream().map(Row::route).toList()) {
            assertThat(doc).as("docs/security.md has a row for %s", route).contains("| `" + route + "` |");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCell_answersAsTheTableSays() {
        return table().stream().flatMap(row -> Stream.of(Asker.values()).map(a ->
                DynamicTest.dynamicTest(row.route() + " by " + a, () -> ask(row, a))));
    }

    @TestFactory
    Stream<DynamicTest> everyCellOfAGetRow_answersHeadWithTheSameStatusAndNoBody() {
        return table().stream().filter(row -> row.head() != null).flatMap(row -> Stream.of(Asker.values()).map(a ->
                DynamicTest.dynamicTest(row.route().replaceFirst("^GET ", "HEAD ") + " by " + a, () -> {
                    Snapshot before = Snapshot.now();
                    Resp r = row.head().apply(a.token());
                    assertThat(r.status()).as("HEAD of %s by %s", row.route(), a).isEqualTo(row.expected(a));
                    assertThat(r.body()).isEmpty();
                    if (!a.seesGlobex()) {
                        assertThat(Snapshot.now()).isEqualTo(before);
                    }
                })));
    }

    private static void ask(Row row, Asker a) {
        Snapshot before = Snapshot.now();
        Resp r = row.call().apply(a.token());
        assertThat(r.status()).as("%s by %s: %s", row.route(), a, r.body()).isEqualTo(row.expected(a));
        if (a.seesGlobex()) {
            return;
        }
        assertThat(Snapshot.now()).as("%s by %s changed what globex holds", row.route(), a).isEqualTo(before);
        String body = row.echoed() == null ? r.body() : r.body().replace(row.echoed(), "{echoed}");
        assertThat(body).as("%s by %s", row.route(), a)
                .doesNotContain("globex", eventId, recordHash, holdId, CASE, ACTION, "s-globex");
        if (r.status() == 404) {
            Resp twin = row.twin().apply(a.token());
            assertThat(twin.status()).isEqualTo(404);
            assertThat(body).as("%s by %s: the same answer as for an id that does not exist", row.route(), a)
                    .isEqualTo(twin.body().replace(row.twinId(), "{echoed}"));
        }
    }

    /** What globex holds that no caller without its scope may change: its chain, its access chain, its holds. */
    record Snapshot(ChainTip chain, ChainTip access, List<String> holds) {
        static Snapshot now() {
            return new Snapshot(api.runtime().store().tip(GLOBEX), api.runtime().store().tip(AccessLog.chainOf(GLOBEX)),
                    api.get("/v1/holds", Asker.ALL_ADMIN.token()).body().lines().toList());
        }
    }

    private static Row row(String route, Function<String, Resp> call, int... status) {
        return new Row(route, call, null, null, null, null, status);
    }

    private static Row byId(String route, Function<String, Function<String, Resp>> call, String id, int... status) {
        String twinId = UUID.randomUUID().toString();
        return new Row(route, call.apply(id), null, id, call.apply(twinId), twinId, status);
    }

    private static Row get(String route, String path, int... status) {
        return new Row(route, t -> read("GET", t, path), t -> read("HEAD", t, path), null, null, null, status);
    }

    private static Row getById(String route, Function<String, String> path, String id, int... status) {
        String twinId = UUID.randomUUID().toString();
        return new Row(route, t -> read("GET", t, path.apply(id)), t -> read("HEAD", t, path.apply(id)), id,
                t -> read("GET", t, path.apply(twinId)), twinId, status);
    }

    /** A read, stating a purpose (which auditor keys must; it changes nothing for the others). */
    private static Resp read(String method, String token, String path) {
        return api.send(method, path, token, null, null, PURPOSE_HEADER, PURPOSE);
    }

    private static Resp release(String token, String id) {
        return api.send("DELETE", "/v1/holds/" + id, token, null, null);
    }

    private static String holdBody() {
        return "{\"scope\":{\"namespace\":\"billing\",\"tenant\":\"globex\",\"subject_id\":\"s-globex\"},"
                + "\"reason\":\"globex litigation\",\"case_id\":\"" + CASE + "\"}";
    }

    private static String hold(String adminToken) {
        Resp placed = api.post("/v1/holds", adminToken, holdBody());
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return (String) ((Map<?, ?>) Json.parse(placed.body())).get("id");
    }

    private static Resp checkpoint(String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", "billing");
        body.put("tenant", "globex");
        body.put("subject_id", "s-globex");
        body.put("thread_id", "t-1");
        body.put("checkpoint", Map.of("said", ACTION));
        return api.send("PUT", "/v1/subject-data/checkpoints", token, "application/json",
                dev.custody.domain.json.Jcs.canonicalize(body).getBytes(StandardCharsets.UTF_8));
    }
}
