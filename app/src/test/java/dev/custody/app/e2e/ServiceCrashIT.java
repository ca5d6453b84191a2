package dev.custody.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import dev.custody.app.testing.PostgresTestDatabase;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service jar appends from 32 concurrent HTTP clients and is killed with SIGKILL at a random moment,
 * three times over the same data directory, for each system of record ({@code file}, {@code encrypted-file},
 * {@code postgres} on a fresh database). After each restart every record that was answered 201 is in
 * the export at its seq, the service's own verification says valid, and the export verifies offline.
 */
class ServiceCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
    private static final int CLIENTS = 32;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file", "encrypted-file", "postgres"})
    void sigkillUnderLoad_everyAcknowledgedRecordSurvivesAndEveryChainVerifies(String backend) throws Exception {
        PostgresTestDatabase db = backend.equals("postgres") ? PostgresTestDatabase.create("custody_crash") : null;
        try {
            crashThreeTimes(backend, db);
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }

    private void crashThreeTimes(String backend, PostgresTestDatabase db) throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("custody.log");
        Path config = dir.resolve("custody.yml");
        Files.writeString(config, "custody:\n  storage:\n    primary:\n      backend: " + backend + "\n"
                + (db == null ? "" : "      properties:\n        url: " + db.url + "\n        username: "
                        + PostgresTestDatabase.USER + "\n        migrate: true\n"));
        String[] args = {"--config", config.toString()};
        Map<String, String> acked = new ConcurrentHashMap<>();   // id -> tenant:seq
        Random random = new Random();
        for (int round = 1; round <= 3; round++) {
            try (CustodyProcess custody = CustodyProcess.start(data, log, args)) {
                if (round > 1) {
                    checkEverything(custody, acked, round);
                }
                long answered = load(custody, acked, 1500 + random.nextInt(2000));
                assertThat(answered).as("round %d: records answered 201 before the kill", round).isGreaterThan(100);
                custody.kill();
            }
        }
        try (CustodyProcess custody = CustodyProcess.start(data, log, args)) {
            checkEverything(custody, acked, 4);
        }
    }

    /** Runs 32 clients posting single events and small batches until {@code millis} have passed. */
    private static long load(CustodyProcess custody, Map<String, String> acked, long millis) throws Exception {
        String token = custody.bootstrapToken();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong answered = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int id = c;
            pool.submit(() -> {
                for (long i = 0; !stop.get(); i++) {
                    String tenant = TENANTS.get((int) ((id + i) % TENANTS.size()));
                    String body = body(tenant, id, i, 1 + (int) (i % 4));
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(custody.uri("/v1/audit/events"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) {
                            for (JsonNode rec : JSON.readTree(r.body()).get("records")) {
                                acked.put(rec.get("id").asText(), rec.get("tenant").asText() + ":" + rec.get("seq").asLong());
                                answered.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        return null;   // the server was killed
                    }
                }
                return null;
            });
        }
        Thread.sleep(millis);
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        return answered.get();
    }

    private static String body(String tenant, int client, long i, int n) {
        StringBuilder sb = new StringBuilder("{\"events\":[");
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                sb.append(',');
            }
            sb.append("{\"namespace\":\"e2e\",\"tenant\":\"").append(tenant).append("\",\"kind\":\"decision\",")
                    .append("\"action\":\"crash.test\",\"actor\":{\"type\":\"client\",\"id\":\"c").append(client)
                    .append("\"},\"outcome\":\"ok\",\"payload\":{\"i\":").append(i).append(",\"k\":").append(k)
                    .append(",\"note\":\"Résumé ☃ \\\"quoted\\\"\"}}");
        }
        return sb.append("]}").toString();
    }

    private static void checkEverything(CustodyProcess custody, Map<String, String> acked, int round) throws Exception {
        String token = custody.bootstrapToken();
        HttpClient client = HttpClient.newHttpClient();
        for (String tenant : TENANTS) {
            HttpResponse<String> export = client.send(HttpRequest.newBuilder(
                    custody.uri("/v1/audit/export?namespace=e2e&tenant=" + tenant))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(export.statusCode()).isEqualTo(200);
            List<String> lines = export.body().lines().filter(l -> !l.isBlank()).toList();
            Map<String, Long> seqOf = new java.util.HashMap<>();
            for (String line : lines) {
                JsonNode n = JSON.readTree(line);
                seqOf.put(n.get("id").asText(), n.get("seq").asLong());
            }
            List<String> missing = new ArrayList<>();
            acked.forEach((id, where) -> {
                String[] f = where.split(":");
                if (f[0].equals(tenant) && !Long.valueOf(Long.parseLong(f[1])).equals(seqOf.get(id))) {
                    missing.add(id + " (seq " + f[1] + ")");
                }
            });
            assertThat(missing).as("round %d, tenant %s: acknowledged records missing after SIGKILL", round, tenant).isEmpty();

            Verification offline = new ChainVerifier().verifyExport(lines.iterator());
            assertThat(offline.valid()).as("round %d, %s export verifies offline: %s", round, tenant, offline.reason()).isTrue();

            HttpResponse<String> verify = client.send(HttpRequest.newBuilder(custody.uri("/v1/audit/verify"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":\"e2e\",\"tenant\":\"" + tenant + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode v = JSON.readTree(verify.body());
            assertThat(v.get("valid").asBoolean()).as("round %d, %s verifies: %s", round, tenant, verify.body()).isTrue();
            assertThat(v.get("records_checked").asLong()).isEqualTo(lines.size());
        }
    }
}
