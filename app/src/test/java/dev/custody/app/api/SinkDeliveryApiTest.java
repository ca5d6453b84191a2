package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.assertProblem;
import static dev.custody.app.api.TestServer.batch;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.app.api.TestServer.Resp;
import dev.custody.app.plugins.PluginJars;
import dev.custody.ports.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sinks from a plugin jar, wired into the real in-process service: delivery, health, metrics, fail-closed. */
class SinkDeliveryApiTest {

    @TempDir
    Path home;

    private Map<String, Object> withPlugin(Path out, boolean failClosed) throws Exception {
        return withPlugin(out, failClosed, 10);
    }

    private Map<String, Object> withPlugin(Path out, boolean failClosed, int maxAttempts) throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.move(PluginJars.build(home, "acme-lines.jar", "com.acme.lines", "acme-lines", 1), plugins.resolve("acme-lines.jar"));
        Map<String, Object> sink = new HashMap<>();
        sink.put("name", "audit-lines");
        sink.put("type", "acme-lines");
        sink.put("properties", Map.of("path", out.toString()));
        sink.put("fail-closed", failClosed);
        sink.put("batch", Map.of("linger", "10ms"));
        sink.put("retry", Map.of("initial-backoff", "20ms", "max-backoff", "50ms", "max-attempts", maxAttempts));
        sink.put("poll-interval", "50ms");
        return Map.of("custody.sinks", List.of(sink),
                "custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
    }

    private static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 15 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void recordsReachThePluginSinkInOrder_andHealthAndPrometheusShowIt() throws Exception {
        Path out = home.resolve("delivered.ndjson");
        try (TestServer api = TestServer.start(home, withPlugin(out, false))) {
            for (int i = 0; i < 3; i++) {
                Resp r = api.post("/v1/audit/events", ADMIN, batch(event("billing", "acme", "a" + i), event("billing", "acme", "b" + i)));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
            await(() -> lines(out).size() == 6);
            List<String> stored;
            try (Stream<AuditRecord> s = api.runtime().store().stream(dev.custody.ports.ChainId.of("billing", "acme"))) {
                stored = s.map(AuditRecord::json).toList();
            }
            assertThat(lines(out)).containsExactlyElementsOf(stored);
            await(() -> api.runtime().delivery().status().get(0).delivered() == 6);
            await(() -> api.runtime().delivery().status().get(0).lag() == 0);
            Resp health = api.get("/health", ADMIN);
            assertThat(health.body()).contains("\"sinks\"", "\"audit-lines\"", "\"state\":\"delivering\"", "\"delivered\":6");
            Resp prom = api.get("/prometheus", ADMIN);
            assertThat(prom.body()).contains("custody_sink_delivered_total{sink=\"audit-lines\"} 6.0",
                    "custody_sink_lag{sink=\"audit-lines\"} 0.0", "custody_sink_failing{sink=\"audit-lines\"} 0.0");
        }
    }

    @Test
    void failClosedSinkDown_ingestAnswers503SinkUnavailable_untilItRecovers() throws Exception {
        Path out = home.resolve("not-yet").resolve("delivered.ndjson");
        try (TestServer api = TestServer.start(home, withPlugin(out, true))) {
            assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "first")).status()).isEqualTo(201);
            await(() -> api.runtime().delivery().status().get(0).failing());
            Resp refused = api.post("/v1/audit/events", ADMIN, event("billing", "acme", "second"));
            assertProblem(refused, 503, "SINK_UNAVAILABLE", null);
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(api.get("/health", ADMIN).status()).isEqualTo(503);
            assertThat(api.runtime().store().tip(dev.custody.ports.ChainId.of("billing", "acme")).seq()).isEqualTo(1);
            Files.createDirectories(out.getParent());
            await(() -> !api.runtime().delivery().status().get(0).failing());
            assertThat(api.post("/v1/audit/events", ADMIN, event("billing", "acme", "third")).status()).isEqualTo(201);
            await(() -> lines(out).size() == 2);
            assertThat(home.resolve("sinks/audit-lines/dead-letter.jsonl")).doesNotExist();
        }
    }

    @Test
    void sinkDown_healthAndPrometheusCountEveryRecordWaiting_whileDeliveryKeepsFailing() throws Exception {
        Path out = home.resolve("not-yet").resolve("delivered.ndjson");
        try (TestServer api = TestServer.start(home, withPlugin(out, false, 1_000_000))) {
            for (int i = 0; i < 9; i++) {
                List<String> events = new java.util.ArrayList<>();
                for (int j = 0; j < 10; j++) {
                    events.add(event("billing", "acme", "e" + i + "-" + j));
                }
                assertThat(api.post("/v1/audit/events", ADMIN, batch(events.toArray(String[]::new))).status()).isEqualTo(201);
            }
            await(() -> api.runtime().delivery().status().get(0).failing());
            await(() -> api.runtime().delivery().status().get(0).lag() == 90);
            assertThat(api.get("/health", ADMIN).body()).contains("\"state\":\"failing\"", "\"lag\":90");
            assertThat(api.get("/prometheus", ADMIN).body()).contains("custody_sink_lag{sink=\"audit-lines\"} 90.0",
                    "custody_sink_failing{sink=\"audit-lines\"} 1.0");
            Files.createDirectories(out.getParent());
            await(() -> lines(out).size() == 90);
            await(() -> api.runtime().delivery().status().get(0).lag() == 0);
        }
    }

    @Test
    void anUnknownSinkTypeStopsStartupNamingTheKey() {
        Map<String, Object> props = Map.of("custody.sinks", List.of(Map.of("name", "siem", "type", "splunk-hex")));
        assertThatThrownBy(() -> TestServer.start(home, props)).hasStackTraceContaining(
                "Invalid value for custody.sinks[0].type=splunk-hex: no such sink type");
    }

    @Test
    void anInvalidSinkSettingNamesTheFullKey() {
        Map<String, Object> props = Map.of("custody.sinks", List.of(Map.of("name", "siem", "type", "x",
                "batch", Map.of("max-records", 0))));
        assertThatThrownBy(() -> TestServer.start(home, props)).hasStackTraceContaining(
                "Invalid value for custody.sinks[0].batch.max-records=0: must be between 1 and 10000");
    }
}
