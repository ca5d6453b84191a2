package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.CustodyRuntime;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ChainId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --url} against the real service in this JVM, on the real file backend. */
class BenchHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bench-writer-token";

    @TempDir
    Path tmp;

    private EmbeddedServer server;

    @BeforeEach
    void start() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "custody.home", tmp.resolve("home").toString(), "micronaut.server.port", -1,
                "custody.security.api-keys", List.of(Map.of("name", "bench", "token-sha256", sha,
                        "roles", List.of("writer"), "tenants", List.of("bench/*")))));
    }

    @AfterEach
    void stop() {
        if (server.isRunning()) {
            server.close();
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Test
    void postsBatchesWithTheToken_everyCountedEventIsStoredAndVerifies() throws Exception {
        Cli.Result r = Cli.run("bench", "--url", url(), "--token", TOKEN, "--events", "3000", "--batch", "50",
                "--concurrency", "3", "--chains", "3", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("events").asLong()).isEqualTo(3000);
        assertThat(s.get("requests").asLong()).isEqualTo(60);
        assertThat(s.get("target").asText()).isEqualTo("http " + url() + "/v1/audit/events");

        CustodyRuntime runtime = server.getApplicationContext().getBean(CustodyRuntime.class);
        long stored = 0;
        for (String tenant : List.of("t0", "t1", "t2")) {
            Verification v = runtime.verifier().verify(runtime.store(), ChainId.of("bench", tenant));
            assertThat(v.valid()).as(tenant + ": " + v.reason()).isTrue();
            stored += v.recordsChecked();
        }
        assertThat(stored).as("every event bench counted is in the store, and no more").isEqualTo(3000);
    }

    @Test
    void severalUrls_spreadTheClientsOverTheReplicasInTurn() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "custody.home", tmp.resolve("home-2").toString(), "micronaut.server.port", -1,
                "custody.security.api-keys", List.of(Map.of("name", "bench", "token-sha256", sha,
                        "roles", List.of("writer"), "tenants", List.of("bench/*")))))) {
            String both = url() + ",http://127.0.0.1:" + second.getPort();
            Cli.Result r = Cli.run("bench", "--url", both, "--token", TOKEN, "--events", "400", "--batch", "10",
                    "--concurrency", "2", "--chains", "2", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(JSON.readTree(r.out()).get("target").asText())
                    .isEqualTo("http " + url() + "/v1/audit/events, http://127.0.0.1:" + second.getPort() + "/v1/audit/events");
            long first = stored(server);
            long other = stored(second);
            assertThat(first).as("the first replica took appends").isPositive();
            assertThat(other).as("the second replica took appends").isPositive();
            assertThat(first + other).isEqualTo(400);
        }
    }

    private static long stored(EmbeddedServer s) {
        CustodyRuntime runtime = s.getApplicationContext().getBean(CustodyRuntime.class);
        return runtime.store().chains().stream().filter(c -> c.namespace().equals("bench"))
                .mapToLong(c -> runtime.store().tip(c).seq()).sum();
    }

    @Test
    void rejectedRequests_areErrors_firstProblemPrintedOnce_exit1() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("token"), "wrong\n");
        Cli.Result r = Cli.run("bench", "--url", url(), "--token-file", tokenFile.toString(), "--events", "40",
                "--batch", "10", "--concurrency", "2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("events:    0 in", "errors:    4 (first: HTTP 401: ");
        assertThat(r.errLines()).filteredOn(l -> l.contains("first error")).singleElement().asString()
                .startsWith("custody bench: first error: HTTP 401: {").contains("\"code\":\"UNAUTHORIZED\"");
        assertThat(server.getApplicationContext().getBean(CustodyRuntime.class).store().chains()).isEmpty();
    }

    @Test
    void unreachableServer_isAnError() {
        String url = url();
        server.close();
        Cli.Result r = Cli.run("bench", "--url", url, "--token", TOKEN, "--events", "10", "--batch", "10",
                "--concurrency", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("first error: cannot reach " + url + "/v1/audit/events");
    }
}
