package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of {@code bench --url} against the contract of {@code POST /v1/audit/events}: a bearer
 * token, {@code {"events":[...]}} with B events, 201 with {@code {"records":[...]}}. The real API is tested
 * end to end once it exists; this endpoint only checks what the client sends and answers per the contract.
 */
class BenchHttpClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();
    private final Set<String> chains = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/audit/events", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        if (!"Bearer s3cret".equals(x.getRequestHeaders().getFirst("Authorization"))) {
            respond(x, 401, "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\n\"status\":401}");
            return;
        }
        JsonNode batch = JSON.readTree(body).get("events");
        StringBuilder records = new StringBuilder("{\"records\":[");
        for (JsonNode e : batch) {
            assertThat(e.get("kind").asText()).isEqualTo("llm_call");
            assertThat(e.get("actor").get("id").asText()).isEqualTo("bench-client");
            chains.add(e.get("namespace").asText() + "/" + e.get("tenant").asText());
            records.append(records.length() > 12 ? "," : "").append("{}");
        }
        requests.incrementAndGet();
        events.addAndGet(batch.size());
        respond(x, "POST".equals(x.getRequestMethod()) && "application/json".equals(x.getRequestHeaders().getFirst("Content-Type"))
                ? 201 : 400, records.append("]}").toString());
    }

    private static void respond(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void postsBatchesWithTheToken_andCounts201sAsStored() throws Exception {
        Cli.Result r = Cli.run("bench", "--url", url(), "--token", "s3cret", "--events", "300", "--batch", "50",
                "--concurrency", "3", "--chains", "3", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("events").asLong()).isEqualTo(300);
        assertThat(s.get("requests").asLong()).isEqualTo(6);
        assertThat(s.get("target").asText()).isEqualTo("http " + url() + "/v1/audit/events");
        assertThat(requests.get()).isEqualTo(6);
        assertThat(events.get()).isEqualTo(300);
        assertThat(chains).containsExactlyInAnyOrder("bench/t0", "bench/t1", "bench/t2");
    }

    @Test
    void rejectedRequests_areErrors_firstBodyPrintedOnce_exit1() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("token"), "wrong\n");
        Cli.Result r = Cli.run("bench", "--url", url(), "--token-file", tokenFile.toString(), "--events", "40",
                "--batch", "10", "--concurrency", "2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("events:    0 in", "errors:    4 (first: HTTP 401: ");
        assertThat(r.errLines()).filteredOn(l -> l.contains("first error")).containsExactly(
                "custody bench: first error: HTTP 401: {\"type\":\"about:blank\",\"title\":\"Unauthorized\", \"status\":401}");
    }

    @Test
    void unreachableServer_isAnError() {
        server.stop(0);
        Cli.Result r = Cli.run("bench", "--url", url(), "--token", "s3cret", "--events", "10", "--batch", "10",
                "--concurrency", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("first error: cannot reach " + url() + "/v1/audit/events");
    }
}
