package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.FailingFileAuditStoreProvider;
import dev.custody.app.testing.FailingFileAuditStoreProvider.Failing;
import dev.custody.app.testing.TestRedis;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of store failure on every route that touches the system of record (issue 22 point 3, ADR 0129/0130), on
 * the real file backend wrapped by a store that fails on demand with the exceptions a file store throws: each answers
 * {@code 503 STORE_UNAVAILABLE} problem+json with {@code Retry-After}, never a 500, naming no file, path or cause;
 * changes nothing stored; counts {@code custody_store_failures_total} under the failure's cause; turns {@code /health}
 * DOWN naming that cause; and once the failure stops, health is UP again by itself and the route answers as before.
 * The spool is off here (see {@code StoreFailureSpoolTest} for appends that spool). Every route the router knows has
 * a row (a new route fails {@link #everyRouteHasARow} until it gets one), as in {@link EndpointScopeTableTest}.
 */
class StoreFailureTableTest {

    static final ChainId ACME = ChainId.of("billing", "acme");
    static final String SUBJECT = "s-42";
    static final String QUERY = "?namespace=billing&tenant=acme";
    static final String CHAIN_BODY = "{\"namespace\":\"billing\",\"tenant\":\"acme\"}";

    /**
     * The routes that never touch the system of record, and what they answer during a store failure as at any time:
     * the API documents, and conversation checkpoints (kept in the subject data store, Redis here).
     */
    static List<Row> noStore() {
        return List.of(new Row("GET /openapi.yml", "200", () -> api.get("/openapi.yml", null)),
                new Row("HEAD /openapi.yml", "200", () -> api.send("HEAD", "/openapi.yml", null, null, null)),
                new Row("GET /api", "200", () -> api.get("/api", null)),
                new Row("HEAD /api", "200", () -> api.send("HEAD", "/api", null, null, null)),
                new Row("PUT /v1/subject-data/checkpoints", "204", StoreFailureTableTest::checkpoint));
    }

    /** A kind of failure, as the file store throws it, and the cause it must be counted and reported under. */
    enum Kind {
        EMFILE("descriptors", (dir, op) -> new AuditStoreException(op + ": cannot open " + dir.resolve("billing/acme/2026-12-08.jsonl")
                + ": Too many open files", new IOException("Too many open files"))),
        EMFILE_FILE_SYSTEM("descriptors", (dir, op) -> wrapped(op, new FileSystemException(dir.resolve("billing/acme").toString(),
                null, "Too many open files"))),
        EMFILE_UNCHECKED("descriptors", (dir, op) -> new UncheckedIOException(new FileSystemException(
                dir.resolve("billing/acme/2026-12-08.jsonl").toString(), null, "Too many open files"))),
        ENOSPC("disk_full", (dir, op) -> new AuditStoreException(op + ": cannot write " + dir.resolve("billing/acme/2026-12-08.jsonl")
                + ": No space left on device", new IOException("No space left on device"))),
        EDQUOT("disk_full", (dir, op) -> new UncheckedIOException("Cannot write " + dir, new IOException("Disk quota exceeded"))),
        EROFS("read_only", (dir, op) -> wrapped(op, new FileSystemException(dir.resolve("billing/acme/2026-12-08.jsonl").toString(),
                null, "Read-only file system"))),
        EIO("io", (dir, op) -> new UncheckedIOException("Cannot read " + dir, new IOException("Input/output error"))),
        UNAVAILABLE("unavailable", (dir, op) -> new StoreUnavailableException("Cannot lock file store " + dir
                + ": held by another process")),
        AUDIT_STORE("other", (dir, op) -> new AuditStoreException(op + ": the file store " + dir + " is closed")),
        RUNTIME("other", (dir, op) -> new IllegalStateException(op + ": unexpected state of " + dir));

        final String cause;
        final BiFunction<Path, String, RuntimeException> failure;

        Kind(String cause, BiFunction<Path, String, RuntimeException> failure) {
            this.cause = cause;
            this.failure = failure;
        }

        private static AuditStoreException wrapped(String op, FileSystemException e) {
            return new AuditStoreException(op + ": " + e.getMessage(), e);   // how the file store wraps what NIO throws
        }
    }

    /** One request on one route (as the router names it). */
    record Row(String route, String name, Supplier<Resp> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    static Path home;
    static TestRedis redis;
    static TestServer api;
    static Failing store;
    static String eventId;
    static String holdId;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        Map<String, Object> p = new HashMap<>();
        p.put("custody.storage.primary.backend", "test-failing-file");
        p.put("custody.storage.primary.properties.name", "store-failure-table");
        p.put("custody.spool.enabled", "false");
        p.put("custody.health.store-failure-window", "300ms");
        p.put("custody.retention.schedule", "off");
        p.put("custody.personal-data.fields", List.of("/payload/reasons"));
        p.put("custody.subject-data.stores", List.of(Map.of("provider", "redis",
                "properties", Map.of("uri", redis.uri(), "prefix", redis.prefix))));
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        api = TestServer.start(home, p);
        store = FailingFileAuditStoreProvider.store("store-failure-table");
        Resp appended = api.post("/v1/audit/events", ADMIN, event("billing", "acme", "seed"));
        assertThat(appended.status()).as(appended.body()).isEqualTo(201);
        eventId = (String) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(appended.body())).get("records")).get(0)).get("id");
        Resp hold = api.post("/v1/holds", ADMIN, holdBody("other"));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        holdId = (String) ((Map<?, ?>) Json.parse(hold.body())).get("id");
        assertThat(checkpoint().status()).isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        try {
            api.close();
        } finally {
            redis.close();
        }
    }

    /** The rows: every route that touches the system of record, some with more than one request. */
    static List<Row> table() {
        List<Row> rows = new ArrayList<>(List.of(
                new Row("POST /v1/audit/events", "append one event", () -> api.post("/v1/audit/events", ADMIN,
                        event("billing", "acme", "during"))),
                new Row("POST /v1/audit/events", "append a batch", () -> api.post("/v1/audit/events", ADMIN,
                        TestServer.batch(event("billing", "acme", "b1"), event("billing", "acme", "b2")))),
                new Row("POST /v1/audit/events", "append to a new chain", () -> api.post("/v1/audit/events", ADMIN,
                        event("billing", "new-tenant", "first"))),
                new Row("POST /v1/audit/verify", "verify a chain", () -> api.post("/v1/audit/verify", ADMIN, CHAIN_BODY,
                        PURPOSE_HEADER, PURPOSE)),
                new Row("POST /v1/gdpr/erasures", "erase a subject", () -> api.post("/v1/gdpr/erasures", ADMIN,
                        "{\"subject_id\":\"" + SUBJECT + "\",\"requested_by\":\"dpo\"}")),
                new Row("POST /v1/retention/runs", "run retention", () -> api.post("/v1/retention/runs", ADMIN, "{\"dry_run\":false}")),
                new Row("POST /v1/holds", "place a hold", () -> api.post("/v1/holds", ADMIN, holdBody("during"))),
                new Row("DELETE /v1/holds/{id}", "release a hold", () -> api.send("DELETE", "/v1/holds/" + holdId, ADMIN, null, null))));
        for (String[] get : new String[][] {
                {"GET /v1/audit/events", "/v1/audit/events" + QUERY, "query a chain"},
                {"GET /v1/audit/events", "/v1/audit/events" + QUERY + "&subject_id=" + SUBJECT, "query by subject"},
                {"GET /v1/audit/events/{id}", "/v1/audit/events/" + eventId, "get by id"},
                {"GET /v1/audit/stats", "/v1/audit/stats" + QUERY, "stats of a chain"},
                {"GET /v1/audit/export", "/v1/audit/export" + QUERY, "export a chain"},
                {"GET /v1/compliance/status", "/v1/compliance/status", "compliance status"},
                {"GET /forensics/verify", "/forensics/verify?event_id=" + eventId, "forensics of an event"},
                {"GET /v1/holds", "/v1/holds", "list holds"}}) {
            rows.add(new Row(get[0], get[2], () -> api.get(get[1], ADMIN, PURPOSE_HEADER, PURPOSE)));
            rows.add(new Row(get[0].replaceFirst("^GET ", "HEAD "), "HEAD: " + get[2],
                    () -> api.send("HEAD", get[1], ADMIN, null, null, PURPOSE_HEADER, PURPOSE)));
        }
        rows.add(new Row("GET /v1/audit/events", "query as NDJSON", () -> api.get("/v1/audit/events" + QUERY, ADMIN,
                "Accept", "application/x-ndjson")));
        return rows;
    }

    @Test
    void everyRouteHasARow() {
        Set<String> routes = api.server.getApplicationContext().getBean(Router.class).uriRoutes()
                .map(r -> r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = table().stream().map(Row::route).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(covered);
        noStore().forEach(r -> missing.remove(r.route()));
        missing.removeAll(EndpointScopeTableTest.MANAGEMENT);
        assertThat(missing).as("routes with no row in this table; the router knows %s", routes).isEmpty();
        assertThat(routes).as("every row is a route the service has").containsAll(covered)
                .containsAll(noStore().stream().map(Row::route).toList());
    }

    @TestFactory
    Stream<DynamicTest> everyKindOfStoreFailure_onEveryRoute_is503_countedOnHealth_andRecovers() {
        return Stream.of(Kind.values()).flatMap(kind -> table().stream().map(row ->
                DynamicTest.dynamicTest(kind + " on " + row.route() + " (" + row.name() + ")", () -> cell(kind, row))));
    }

    @TestFactory
    Stream<DynamicTest> routesThatDoNotTouchTheStore_answerAsUsual_duringAFailure() {
        return noStore().stream().map(row -> DynamicTest.dynamicTest(row.route(), () -> {
            store.failWith(op -> Kind.EMFILE.failure.apply(home, op));
            try {
                Resp r = row.call().get();
                assertThat(r.status()).as(r.body()).isEqualTo(Integer.parseInt(row.name()));
            } finally {
                store.recover();
            }
        }));
    }

    @Test
    void theMetricIsScrapedWithItsTwoLabels() {
        store.failWith(op -> Kind.ENOSPC.failure.apply(home, op));
        try {
            assertThat(api.get("/v1/audit/events" + QUERY, ADMIN).status()).isEqualTo(503);
        } finally {
            store.recover();
        }
        String scrape = api.get("/prometheus", ADMIN).body();
        assertThat(scrape).containsPattern("custody_store_failures_total\\{cause=\"disk_full\",operation=\"[a-z_]+\"} [1-9]");
    }

    private static void cell(Kind kind, Row row) throws InterruptedException {
        awaitHealthUp();
        Snapshot before = Snapshot.now();
        double counted = failures(kind.cause);
        store.failWith(op -> kind.failure.apply(home, op));
        try {
            Resp r = row.call().get();
            if (row.route().startsWith("HEAD ")) {
                assertThat(r.status()).as("%s: %s", row, r.body()).isEqualTo(503);
                assertThat(r.body()).isEmpty();
            } else {
                assertProblem(r, 503, "STORE_UNAVAILABLE", null);
            }
            assertThat(r.header("Retry-After")).as(row.name()).isEqualTo("5");
            assertThat(r.body()).as("nothing of the failure reaches the client").doesNotContain(home.toString(), "jsonl",
                    "Too many open files", "No space", "quota", "Read-only", "Input/output", "lock", "closed", "unexpected state",
                    "descriptors", "disk_full", "read_only");
            assertThat(failures(kind.cause)).as("custody_store_failures_total{cause=%s}", kind.cause).isGreaterThan(counted);

            Resp health = api.get("/health", ADMIN);
            assertThat(health.status()).as(health.body()).isEqualTo(503);
            Map<?, ?> h = (Map<?, ?>) Json.parse(health.body());
            assertThat(h.get("status")).isEqualTo("DOWN");
            Map<?, ?> sor = (Map<?, ?>) ((Map<?, ?>) h.get("details")).get("systemOfRecord");
            assertThat(sor.get("status")).isEqualTo("DOWN");
            assertThat(((Map<?, ?>) sor.get("details")).get("cause")).as(health.body()).isEqualTo(kind.cause);
            before.assertUnchanged(row);
        } finally {
            store.recover();
        }
        awaitHealthUp();
        Resp again = row.call().get();
        assertThat(again.status()).as("%s once the store is back: %s", row, again.body()).isLessThan(500);
    }

    /** What is stored: every chain's tip in the file store, the subject's stored id (its keys) and its checkpoint. */
    record Snapshot(Map<ChainId, ChainTip> tips, Optional<String> subject, Optional<String> checkpoint) {
        static Snapshot now() {
            Map<ChainId, ChainTip> tips = new TreeMap<>();
            store.file.chains().forEach(c -> tips.put(c, store.file.tip(c)));
            return new Snapshot(tips, api.runtime().privacy().storedSubjectId(SUBJECT),
                    api.runtime().privacy().checkpoint(ACME, SUBJECT, "t-1"));
        }

        /**
         * Every record, the checkpoint, and the subject's keys if it had any: an append that fails may have made keys
         * for a subject that had none (the event is encrypted before the store is asked), which stores nothing of it.
         */
        void assertUnchanged(Row row) {
            Snapshot now = now();
            assertThat(now.tips()).as("%s changed what is stored", row).isEqualTo(tips);
            assertThat(now.checkpoint()).as("%s changed the checkpoint", row).isEqualTo(checkpoint);
            if (subject.isPresent()) {
                assertThat(now.subject()).as("%s changed the subject's keys", row).isEqualTo(subject);
            }
        }
    }

    private static double failures(String cause) {
        MeterRegistry registry = api.server.getApplicationContext().getBean(MeterRegistry.class);
        return registry.find("custody.store.failures").tag("cause", cause).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static void awaitHealthUp() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        Resp h = null;
        while (System.nanoTime() < deadline) {
            h = api.get("/health", ADMIN);
            if (h.status() == 200 && "UP".equals(((Map<?, ?>) Json.parse(h.body())).get("status"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("health did not come back UP by itself: " + (h == null ? "-" : h.body()));
    }

    private static String holdBody(String reason) {
        return "{\"scope\":{\"namespace\":\"billing\",\"tenant\":\"acme\"},\"reason\":\"" + reason + "\",\"case_id\":\"C-1\"}";
    }

    private static Resp checkpoint() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", "billing");
        body.put("tenant", "acme");
        body.put("subject_id", SUBJECT);
        body.put("thread_id", "t-1");
        body.put("checkpoint", Map.of("said", "hello"));
        return api.send("PUT", "/v1/subject-data/checkpoints", ADMIN, "application/json",
                dev.custody.domain.json.Jcs.canonicalize(body).getBytes(StandardCharsets.UTF_8));
    }
}
