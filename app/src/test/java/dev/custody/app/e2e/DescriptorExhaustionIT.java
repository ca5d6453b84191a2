package dev.custody.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar, started by {@code bash -c 'ulimit -n 400; exec java …'} on the file backend with the spool off, runs
 * out of file descriptors for real (EMFILE) as new chains are appended over HTTP (issue 22 point 3): every append and
 * read it cannot serve answers {@code 503 STORE_UNAVAILABLE} with {@code Retry-After} — never a 500 — and
 * {@code /health} says DOWN with the cause {@code descriptors}. The limit is below the default {@code max-open-chains}
 * (1,024), so the file backend's cap on open chains leaves this as it is.
 */
class DescriptorExhaustionIT {

    private static final int MAX_OPEN_FILES = 400;
    private static final int MAX_CHAINS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void newChainsBeyondTheDescriptorLimit_answer503_neverA500_andHealthIsDownNamingDescriptors() throws Exception {
        Path config = dir.resolve("custody.yml");
        Files.writeString(config, "custody:\n  spool:\n    enabled: false\n  storage:\n    primary:\n      backend: file\n");
        Path log = dir.resolve("custody.log");
        try (CustodyProcess custody = CustodyProcess.startWithOpenFileLimit(MAX_OPEN_FILES, dir.resolve("data"), log,
                "--config", config.toString())) {
            String token = custody.bootstrapToken();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();   // one kept-alive connection: accepting needs a descriptor
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> refused = null;
            int stored = 0;
            for (int i = 0; i < MAX_CHAINS && refused == null; i++) {
                HttpResponse<String> r = send(client, custody, token, HttpRequest.newBuilder(custody.uri("/v1/audit/events"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event("t-" + i))));
                statuses.add(r.statusCode());
                if (r.statusCode() == 201) {
                    stored++;
                } else {
                    refused = r;
                }
            }
            System.out.printf("%d new chains stored before the limit of %d open files bit%n", stored, MAX_OPEN_FILES);
            assertThat(refused).as("the descriptor limit bit within %d new chains (%d stored)", MAX_CHAINS, stored).isNotNull();
            assertThat(stored).as("chains stored before it bit").isGreaterThan(50);
            assertStoreUnavailable(refused);
            assertThat(statuses).as("no append answered 500").doesNotContain(500);

            for (int i = 0; i < 5; i++) {
                HttpResponse<String> again = send(client, custody, token, HttpRequest.newBuilder(custody.uri("/v1/audit/events"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event("more-" + i))));
                assertStoreUnavailable(again);
                HttpResponse<String> read = send(client, custody, token,
                        HttpRequest.newBuilder(custody.uri("/v1/audit/events?namespace=fd&tenant=t-0")).GET());
                assertThat(read.statusCode()).as(read.body()).isIn(200, 503);
                if (read.statusCode() == 503) {
                    assertStoreUnavailable(read);
                }
            }

            HttpResponse<String> health = send(client, custody, token, HttpRequest.newBuilder(custody.uri("/health")).GET());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            JsonNode h = JSON.readTree(health.body());
            assertThat(h.get("status").asText()).isEqualTo("DOWN");
            JsonNode store = h.get("details").get("systemOfRecord");
            assertThat(store.get("status").asText()).isEqualTo("DOWN");
            assertThat(store.get("details").get("cause").asText()).as(health.body()).isEqualTo("descriptors");
            assertThat(store.get("details").get("error").asText()).contains("Too many open files");
            assertThat(Files.readString(log)).doesNotContain("Unexpected error answering");
        }
    }

    private static void assertStoreUnavailable(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
        assertThat(JSON.readTree(r.body()).get("code").asText()).isEqualTo("STORE_UNAVAILABLE");
        assertThat(r.body()).doesNotContain("Too many open files", "/data/", "Exception");
    }

    private static HttpResponse<String> send(HttpClient client, CustodyProcess custody, String token, HttpRequest.Builder b)
            throws Exception {
        return client.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String event(String tenant) {
        return "{\"namespace\":\"fd\",\"tenant\":\"" + tenant + "\",\"kind\":\"decision\",\"action\":\"open\","
                + "\"actor\":{\"type\":\"service\",\"id\":\"s\"},\"resource\":{\"type\":\"r\",\"id\":\"1\"},\"outcome\":\"ok\"}";
    }
}
