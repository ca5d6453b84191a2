package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.AUDITOR;
import static dev.custody.app.api.TestServer.PURPOSE;
import static dev.custody.app.api.TestServer.PURPOSE_HEADER;
import static dev.custody.app.api.TestServer.READER;
import static dev.custody.app.api.TestServer.WRITER;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.app.testing.TestRedis;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query parameters and request bodies that once answered 500, on the real PostgreSQL system of record with the
 * real Redis hot tier: an empty or overflowing stats window, a NUL byte in any parameter (PostgreSQL text cannot
 * hold one), a body that does not decode as its {@code Content-Encoding}. Each is a 400 naming the parameter.
 */
class HostileQueryInputTest {

    static final ChainId CHAIN = ChainId.of("billing", "acme");
    static final String NUL = "a%00b";
    /** Every parameter of each read, with a valid value. */
    static final Map<String, Map<String, String>> PARAMS = Map.of(
            "/v1/audit/events", params("namespace", "billing", "tenant", "acme", "from", "2026-01-01T00:00:00Z",
                    "to", "2099-01-01T00:00:00Z", "kind", "decision", "action", "approve", "actor_id", "loan-engine",
                    "resource_type", "loan", "resource_id", "L-1", "subject_id", "s-42", "outcome", "approved",
                    "limit", "10", "cursor", "YWZ0ZXI6MQ", "tier", "primary"),
            "/v1/audit/stats", params("namespace", "billing", "tenant", "acme", "window", "5m", "group_by", "action"),
            "/v1/audit/export", params("namespace", "billing", "tenant", "acme"));

    @TempDir
    static Path home;
    static PostgresTestDatabase db;
    static TestRedis redis;
    static TestServer api;
    static ChainTip before;

    @BeforeAll
    static void start() {
        db = PostgresTestDatabase.create("custody_hostile");
        redis = new TestRedis();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("custody.storage.primary.backend", "postgres");
        p.put("custody.storage.primary.properties.url", db.url);
        p.put("custody.storage.primary.properties.username", PostgresTestDatabase.USER);
        p.put("custody.storage.primary.properties.migrate", "true");
        p.put("custody.storage.hot.provider", "redis");
        p.put("custody.storage.hot.uri", redis.uri());
        p.put("custody.storage.hot.key-prefix", redis.prefix);
        p.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*"),
                TestServer.key("writer", WRITER, "writer", "billing/*"), TestServer.key("reader", READER, "reader", "billing/*"),
                TestServer.key("auditor", AUDITOR, "auditor", "*/*")));
        api = TestServer.start(home, p);
        assertThat(api.post("/v1/audit/events", WRITER, event("billing", "acme", "approve")).status()).isEqualTo(201);
        before = api.runtime().store().tip(CHAIN);
    }

    @AfterAll
    static void stop() {
        try {
            api.close();
        } finally {
            redis.close();
            db.close();
        }
    }

    @AfterEach
    void nothingStored() {
        assertThat(api.runtime().store().tip(CHAIN)).isEqualTo(before);
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Resp read(String path, Map<String, String> params) {
        StringBuilder q = new StringBuilder(path).append('?');
        params.forEach((k, v) -> q.append(k).append('=').append(v).append('&'));
        String token = path.endsWith("export") ? AUDITOR : READER;
        return api.get(q.substring(0, q.length() - 1), token, PURPOSE_HEADER, PURPOSE);
    }

    @Test
    void validValuesOfEveryParameter_areAnswered() {
        PARAMS.forEach((path, params) -> assertThat(read(path, params).status()).as(path).isEqualTo(200));
    }

    @Test
    void nulInAnyParameter_is400NamingIt() {
        PARAMS.forEach((path, params) -> {
            for (String name : params.keySet()) {
                Map<String, String> hostile = new LinkedHashMap<>(params);
                hostile.put(name, NUL);
                assertProblem(read(path, hostile), 400, "INVALID_PARAMETER", name);
                hostile.put(name, params.get(name) + "%00");
                assertProblem(read(path, hostile), 400, "INVALID_PARAMETER", name);
            }
        });
    }

    @Test
    void emptyOrOverflowingStatsWindow_is400NamingIt() {
        for (String window : List.of("", "999999999999999d", "99999999999999999999s", "P999999999999999D",
                "PT9999999999999999H", "-5m", "P-1D", "0s", "%20")) {
            Map<String, String> params = new LinkedHashMap<>(PARAMS.get("/v1/audit/stats"));
            params.put("window", window);
            assertProblem(read("/v1/audit/stats", params), 400, "INVALID_PARAMETER", "window");
        }
    }

    @Test
    void bodyThatIsNotItsContentEncoding_is400NamingTheHeader() throws IOException {
        byte[] json = event("billing", "acme", "encoded").getBytes(StandardCharsets.UTF_8);
        for (String encoding : List.of("gzip", "x-gzip", "deflate", "x-deflate")) {
            Resp r = api.send("POST", "/v1/audit/events", WRITER, "application/json", json, "Content-Encoding", encoding);
            assertProblem(r, 400, "INVALID_PARAMETER", "Content-Encoding");
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json, 0, json.length / 2);    // cut short
        }
        byte[] truncated = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() - 4);
        Resp cut = api.send("POST", "/v1/audit/events", WRITER, "application/json", truncated, "Content-Encoding", "gzip");
        assertThat(cut.status()).as(cut.body()).isEqualTo(400);
        assertThat(cut.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aContentCodingTheServerDoesNotDecode_is415NamingTheHeader() {
        byte[] json = event("billing", "acme", "encoded").getBytes(StandardCharsets.UTF_8);
        for (String encoding : List.of("zstd", "br", "compress", "gzip, zstd", "xyz")) {
            Resp r = api.send("POST", "/v1/audit/events", WRITER, "application/json", json, "Content-Encoding", encoding);
            assertProblem(r, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Encoding");
        }
    }

    @Test
    void aGzipBody_isStillAccepted() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(event("billing", "gzipped", "encoded").getBytes(StandardCharsets.UTF_8));
        }
        Resp r = api.send("POST", "/v1/audit/events", WRITER, "application/json", gz.toByteArray(), "Content-Encoding", "gzip");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
