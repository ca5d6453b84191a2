package dev.custody.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessPurpose;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ChainId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The real service in-process on the real file backend, with four API keys, and a plain JDK client. */
final class TestServer implements AutoCloseable {

    static final String ADMIN = "t-admin";
    static final String WRITER = "t-writer-billing";
    static final String READER = "t-reader-billing";
    static final String AUDITOR = "t-auditor";
    /** The header an auditor key must send with every read, and a purpose to send in it. */
    static final String PURPOSE_HEADER = AccessPurpose.HEADER;
    static final String PURPOSE = "SOC 2 evidence, ticket AUD-7";

    final EmbeddedServer server;
    final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    private TestServer(EmbeddedServer server, String base) {
        this.server = server;
        this.base = base;
    }

    /** The same service, asked on another of its ports (e.g. the management port); closing it closes the service. */
    TestServer onPort(int port) {
        return new TestServer(server, "http://" + server.getHost() + ":" + port);
    }

    /** With the four keys configured. */
    static TestServer withKeys(Path home) {
        Map<String, Object> props = new HashMap<>();
        props.put("custody.security.api-keys", List.of(
                key("admin", ADMIN, "admin", "*/*"),
                key("writer", WRITER, "writer", "billing/*"),
                key("reader", READER, "reader", "billing/*"),
                key("auditor", AUDITOR, "auditor", "*/*")));
        return start(home, props);
    }

    static TestServer start(Path home, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put("custody.home", home.toString());
        props.put("micronaut.server.port", -1);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
        return new TestServer(server, server.getURL().toString());
    }

    static Map<String, Object> key(String name, String token, String role, String scope) {
        return Map.of("name", name, "token-sha256", sha256(token), "roles", List.of(role), "tenants", List.of(scope));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    CustodyRuntime runtime() {
        return server.getApplicationContext().getBean(CustodyRuntime.class);
    }

    record Resp(int status, HttpHeaders headers, String body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    Resp get(String path, String token, String... headers) {
        return send("GET", path, token, null, null, headers);
    }

    Resp post(String path, String token, String json, String... headers) {
        return send("POST", path, token, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8), headers);
    }

    Resp send(String method, String path, String token, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a problem+json answer with this status, code and field (null: no field). */
    static void assertProblem(Resp r, int status, String code, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Map<?, ?> p = (Map<?, ?>) dev.custody.domain.json.Json.parse(r.body());
        assertThat(p.get("code")).as(r.body()).isEqualTo(code);
        assertThat(p.get("status")).isEqualTo((long) status);
        assertThat(p.get("type")).isEqualTo("https://custody.dev/problems/" + code.toLowerCase().replace('_', '-'));
        assertThat((String) p.get("title")).isNotBlank();
        assertThat((String) p.get("detail")).isNotBlank();
        assertThat(p.get("instance")).isNotNull();
        assertThat(p.get("field")).as(r.body()).isEqualTo(field);
        assertThat(r.body()).doesNotContain("\tat ", "Exception");
    }

    /** Every chain in the store still verifies. */
    void assertChainsVerify() {
        CustodyRuntime rt = runtime();
        for (ChainId chain : rt.store().chains()) {
            Verification v = rt.verifier().verify(rt.store(), chain);
            assertThat(v.valid()).as(chain + ": " + v.reason()).isTrue();
        }
    }

    static String event(String namespace, String tenant, String action) {
        return "{\"namespace\":\"" + namespace + "\",\"tenant\":\"" + tenant + "\",\"kind\":\"decision\",\"action\":\""
                + action + "\",\"actor\":{\"type\":\"service\",\"id\":\"loan-engine\"},\"resource\":{\"type\":\"loan\","
                + "\"id\":\"L-1\"},\"outcome\":\"approved\",\"subject_id\":\"s-42\",\"occurred_at\":\"2026-11-23T06:00:00Z\","
                + "\"payload\":{\"score\":712,\"reasons\":[\"income\"]}}";
    }

    static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
