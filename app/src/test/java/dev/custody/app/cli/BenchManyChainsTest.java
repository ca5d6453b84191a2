package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.testing.PostgresTestDatabase;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.ChainId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --rounds} (the many-chains benchmark's load) against the real service in this JVM on the file backend,
 * watching this JVM as the server. Not a timing test: it checks that every chain got its appends in rounds and that
 * the summary reports what bin/bench-many-chains reads (latencies by round, errors by kind, descriptors, RSS,
 * PostgreSQL connections).
 */
class BenchManyChainsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "bench-many-token";

    @TempDir
    Path tmp;

    private EmbeddedServer server;

    @BeforeEach
    void start() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "custody.home", tmp.resolve("home").toString(), "micronaut.server.port", -1,
                "custody.security.api-keys", List.of(Map.of("name", "bench", "token-sha256", sha,
                        "roles", List.of("writer"), "tenants", List.of("*/*")))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Test
    void rounds_giveEveryChainItsAppends_andTheSummaryHasWhatTheHarnessReads() throws Exception {
        long self = ProcessHandle.current().pid();
        Cli.Result r = Cli.run("bench", "--url", url(), "--token", TOKEN, "--chains", "300", "--rounds", "3",
                "--batch", "2", "--concurrency", "8", "--namespace", "many", "--warmup", "40",
                "--watch-pid", Long.toString(self), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("events").asLong()).isEqualTo(300 * 3 * 2);
        assertThat(s.get("requests").asLong()).isEqualTo(900);
        assertThat(s.get("errors").asLong()).isZero();
        assertThat(s.get("errors_by_kind").size()).isZero();
        assertThat(s.get("new_chain_latency_ms").get("count").asLong()).as("round 1: one append per new chain").isEqualTo(300);
        assertThat(s.get("revisit_latency_ms").get("count").asLong()).as("rounds 2 and 3").isEqualTo(600);
        assertThat(s.get("revisit_latency_ms").get("p99").asDouble()).isPositive();
        assertThat(s.get("settings").get("rounds").asInt()).isEqualTo(3);

        JsonNode watched = s.get("server");
        assertThat(watched.get("pid").asLong()).isEqualTo(self);
        assertThat(watched.get("samples").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(watched.get("fds").get("max").asLong()).isGreaterThanOrEqualTo(watched.get("fds").get("start").asLong()).isPositive();
        assertThat(watched.get("fds").get("final").asLong()).isPositive();
        assertThat(watched.get("fds").get("limit").asLong()).isPositive();
        assertThat(watched.get("rss_mb").get("max").asDouble()).isPositive();
        assertThat(watched.get("rss_mb").get("peak_hwm").asDouble()).isGreaterThanOrEqualTo(watched.get("rss_mb").get("max").asDouble());
        assertThat(watched.has("postgres_connections")).isFalse();
        assertThat(watched.get("problem").isNull()).isTrue();

        CustodyRuntime runtime = server.getApplicationContext().getBean(CustodyRuntime.class);
        Set<ChainId> many = runtime.store().chains().stream().filter(c -> c.namespace().equals("many")).collect(Collectors.toSet());
        assertThat(many).hasSize(300).contains(ChainId.of("many", "t0"), ChainId.of("many", "t299"));
        for (ChainId chain : many) {
            Verification v = runtime.verifier().verify(runtime.store(), chain);
            assertThat(v.valid()).as(chain + ": " + v.reason()).isTrue();
            assertThat(v.recordsChecked()).as(chain + ": three rounds of two events").isEqualTo(6);
        }
        assertThat(runtime.store().chains()).as("the warm-up went to chains of its own")
                .contains(ChainId.of("many-warmup", "t0"));
    }

    @Test
    void textSummary_splitsTheRounds_andCountsErrorsByKind() {
        String gone = url();
        server.close();
        Cli.Result r = Cli.run("bench", "--url", gone, "--token", TOKEN, "--chains", "20", "--rounds", "2",
                "--batch", "1", "--concurrency", "2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("new chain: p50 0.00 ms", "(0 appends of the first round)",
                "revisit:   p50 0.00 ms", "errors:    40 (first: cannot reach ", "by kind:   connection: 40");
    }

    @Test
    void watchPostgres_countsTheConnectionsToTheDatabase_notItsOwn() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create("bench_watch")) {
            String url = db.url + "?user=" + PostgresTestDatabase.USER;
            try (Connection one = DriverManager.getConnection(url); Connection two = DriverManager.getConnection(url)) {
                Cli.Result r = Cli.run("bench", "--url", url(), "--token", TOKEN, "--chains", "10", "--rounds", "1",
                        "--concurrency", "2", "--watch-pid", Long.toString(ProcessHandle.current().pid()),
                        "--watch-postgres", url, "--json");
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode pg = JSON.readTree(r.out()).get("server").get("postgres_connections");
                assertThat(pg.get("start").asLong()).as("the two this test holds").isEqualTo(2);
                assertThat(pg.get("max").asLong()).isEqualTo(2);
                assertThat(pg.get("final").asLong()).isEqualTo(2);
            }
        }
    }

    @Test
    void usageErrors_exit2() {
        assertThat(Cli.run("bench", "--url", url(), "--token", TOKEN, "--chains", "10", "--rounds", "2", "--events", "5").err())
                .contains("--rounds sets the events (chains x rounds x batch): do not give --events or --duration with it");
        assertThat(Cli.run("bench", "--url", url(), "--token", TOKEN, "--chains", "10", "--rounds", "0").err())
                .contains("--rounds must be >= 1, got 0");
        assertThat(Cli.run("bench", "--url", url(), "--token", TOKEN, "--chains", "10", "--concurrency", "2").err())
                .contains("--chains (10) must not exceed --concurrency (2): every chain needs a client (or give --rounds)");
        assertThat(Cli.run("bench", "--url", url(), "--token", TOKEN, "--namespace", "Not Valid").err())
                .contains("--namespace Not Valid: ");
        assertThat(Cli.run("bench", "--url", url(), "--token", TOKEN, "--watch-postgres", "jdbc:postgresql://127.0.0.1/x").err())
                .contains("--watch-postgres needs --watch-pid");
        Cli.Result gone = Cli.run("bench", "--url", url(), "--token", TOKEN, "--events", "1", "--watch-pid", "999999999");
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).contains("--watch-pid 999999999: no such process here");
    }
}
