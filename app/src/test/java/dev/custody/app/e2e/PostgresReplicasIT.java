package dev.custody.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three separate JVMs of the real jar share one fresh PostgreSQL database; 16 HTTP clients per JVM append
 * to 4 shared chains for 30 seconds. Then every record answered 201 is in the database at its seq, each
 * chain holds seqs 1..N without gap or duplicate, every chain verifies (the service and offline on the
 * export), and the replicas' conflict counters prove that they really raced.
 */
class PostgresReplicasIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
    private static final int REPLICAS = 3;
    private static final int CLIENTS_PER_REPLICA = 16;
    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final String TOKEN = "replicas-it-admin-token";

    @TempDir
    Path dir;

    @Test
    void threeReplicasRacingOnFourChains_noGapNoDuplicateEveryChainVerifies() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("custody_replicas")) {
            Path config = dir.resolve("custody.yml");
            Files.writeString(config, "custody:\n  storage:\n    primary:\n      backend: postgres\n      properties:\n"
                    + "        url: " + db.url + "\n        username: " + PostgresTestDatabase.USER + "\n"
                    + "        migrate: true\n        pool-size: 8\n"
                    + "  security:\n    api-keys:\n      - name: it-admin\n        token-sha256: " + sha256(TOKEN) + "\n"
                    + "        roles: [admin]\n        tenants: ['*/*']\n");
            List<CustodyProcess> replicas = new ArrayList<>();
            try {
                for (int r = 0; r < REPLICAS; r++) {
                    replicas.add(CustodyProcess.start(dir.resolve("home-" + r), dir.resolve("replica-" + r + ".log"),
                            "--config", config.toString()));
                }
                Map<String, String> acked = new ConcurrentHashMap<>();   // id -> tenant:seq
                long answered = load(replicas, acked);
                assertThat(answered).as("records answered 201 by all replicas").isGreaterThan(1_000);

                checkDatabase(db, acked);
                for (String tenant : TENANTS) {
                    checkChain(replicas.get(TENANTS.indexOf(tenant) % REPLICAS), tenant, acked);
                }
                double conflicts = 0;
                for (CustodyProcess replica : replicas) {
                    conflicts += conflicts(replica);
                }
                assertThat(conflicts).as("custody.append.conflicts summed over the replicas: they raced").isGreaterThan(0);
                oneChainEightWritersBatchesOfEight_everyAppendIs201(replicas, db);
            } finally {
                for (CustodyProcess replica : replicas) {
                    replica.close();
                }
            }
        }
    }

    /** 16 clients per replica post single events and small batches to the 4 chains for {@link #LOAD}. */
    private static long load(List<CustodyProcess> replicas, Map<String, String> acked) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong answered = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(REPLICAS * CLIENTS_PER_REPLICA);
        for (int c = 0; c < REPLICAS * CLIENTS_PER_REPLICA; c++) {
            int id = c;
            CustodyProcess replica = replicas.get(c % REPLICAS);
            pool.submit(() -> {
                for (long i = 0; !stop.get(); i++) {
                    String tenant = TENANTS.get((int) ((id + i) % TENANTS.size()));
                    String body = body(tenant, id, i, 1 + (int) (i % 3));
                    // a 503 with Retry-After (admission or store trouble) is retried, as a client behind a load balancer
                    // would; any other answer, 429 included, is a failure
                    for (int attempt = 1; ; attempt++) {
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(replica.uri("/v1/audit/events"))
                                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                for (JsonNode rec : JSON.readTree(r.body()).get("records")) {
                                    acked.put(rec.get("id").asText(), rec.get("tenant").asText() + ":" + rec.get("seq").asLong());
                                    answered.incrementAndGet();
                                }
                                break;
                            }
                            // a 429 (contention) is a failure: replicas serialise a contended chain's appends (ADR 0111)
                            if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent() && attempt < 20) {
                                retried.incrementAndGet();
                                Thread.sleep(5 + (long) (Math.random() * 20));
                                continue;
                            }
                            failures.add(r.statusCode() + " " + r.body());
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                        break;
                    }
                }
                return null;
            });
        }
        Thread.sleep(LOAD.toMillis());
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).as("answers other than 201 (or a retried 503); %s requests were retried", retried.get()).isEmpty();
        System.err.printf("PostgresReplicasIT: %d records answered 201, %d requests retried after 503%n", answered.get(),
                retried.get());
        return answered.get();
    }

    /**
     * The case that used to answer 429: eight writers spread over the replicas, one chain, 200 appends of eight events.
     * After a conflict a replica appends under the chain's advisory lock, so no writer sees contention as failure.
     */
    private static void oneChainEightWritersBatchesOfEight_everyAppendIs201(List<CustodyProcess> replicas, PostgresTestDatabase db)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
            int writer = w;
            CustodyProcess replica = replicas.get(w % replicas.size());
            pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    String body = body("hot", writer, i, 8).replace("\"namespace\":\"replicas\"", "\"namespace\":\"contended\"");
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(replica.uri("/v1/audit/events"))
                                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).as("appends to one contended chain that were not 201").isEmpty();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT seq), max(seq) FROM custody.audit_records "
                        + "WHERE namespace = 'contended' AND tenant = 'hot'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1_600);
            assertThat(rs.getLong(2)).isEqualTo(1_600);
            assertThat(rs.getLong(3)).isEqualTo(1_600);
        }
    }

    private static String body(String tenant, int client, long i, int n) {
        StringBuilder sb = new StringBuilder("{\"events\":[");
        for (int k = 0; k < n; k++) {
            sb.append(k > 0 ? "," : "").append("{\"namespace\":\"replicas\",\"tenant\":\"").append(tenant)
                    .append("\",\"kind\":\"decision\",\"action\":\"race.test\",\"actor\":{\"type\":\"client\",\"id\":\"c")
                    .append(client).append("\"},\"outcome\":\"ok\",\"payload\":{\"i\":").append(i).append(",\"k\":").append(k)
                    .append("}}");
        }
        return sb.append("]}").toString();
    }

    /** By SQL: per chain seqs are exactly 1..N, the head says N, and every acknowledged id sits at its seq. */
    private static void checkDatabase(PostgresTestDatabase db, Map<String, String> acked) throws Exception {
        Map<String, String> stored = new HashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT r.tenant, count(*), count(DISTINCT r.seq), min(r.seq), max(r.seq), "
                    + "max(h.seq) FROM custody.audit_records r JOIN custody.chain_heads h USING (namespace, tenant) "
                    + "WHERE r.namespace = 'replicas' GROUP BY r.tenant ORDER BY r.tenant")) {
                int chains = 0;
                while (rs.next()) {
                    chains++;
                    String t = rs.getString(1);
                    long n = rs.getLong(2);
                    assertThat(rs.getLong(3)).as("%s: no duplicate seq", t).isEqualTo(n);
                    assertThat(rs.getLong(4)).as("%s: starts at 1", t).isEqualTo(1);
                    assertThat(rs.getLong(5)).as("%s: no gap", t).isEqualTo(n);
                    assertThat(rs.getLong(6)).as("%s: the head is the last record", t).isEqualTo(n);
                }
                assertThat(chains).isEqualTo(TENANTS.size());
            }
            try (ResultSet rs = s.executeQuery("SELECT id, tenant, seq FROM custody.audit_records WHERE namespace = 'replicas'")) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getString(2) + ":" + rs.getLong(3));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        acked.forEach((id, where) -> {
            if (!where.equals(stored.get(id))) {
                missing.add(id + " acknowledged at " + where + ", stored at " + stored.get(id));
            }
        });
        assertThat(missing).as("acknowledged records not at their seq").isEmpty();
    }

    private static void checkChain(CustodyProcess replica, String tenant, Map<String, String> acked) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> export = client.send(HttpRequest.newBuilder(replica.uri("/v1/audit/export?namespace=replicas&tenant="
                + tenant)).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> lines = export.body().lines().filter(l -> !l.isBlank()).toList();
        Verification offline = new ChainVerifier().verifyExport(lines.iterator());
        assertThat(offline.valid()).as("%s export verifies offline: %s", tenant, offline.reason()).isTrue();
        assertThat(lines.size()).isGreaterThanOrEqualTo((int) acked.values().stream().filter(w -> w.startsWith(tenant + ":")).count());

        HttpResponse<String> verify = client.send(HttpRequest.newBuilder(replica.uri("/v1/audit/verify"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"namespace\":\"replicas\",\"tenant\":\"" + tenant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode v = JSON.readTree(verify.body());
        assertThat(v.get("valid").asBoolean()).as("%s verifies: %s", tenant, verify.body()).isTrue();
        assertThat(v.get("records_checked").asLong()).isEqualTo(lines.size());
    }

    /** The replica's {@code custody.append.conflicts} counter, from its Prometheus endpoint. */
    private static double conflicts(CustodyProcess replica) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(replica.uri("/prometheus"))
                        .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith("custody_append_conflicts_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
