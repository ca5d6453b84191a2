package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void inProcessFile_printsSummary_andTheDataVerifies() throws Exception {
        Cli.Result r = Cli.run("bench", "--backend", "file", "--data-dir", home.toString(),
                "--events", "2000", "--batch", "10", "--concurrency", "4");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("events:    2,000 in", "appends:   200 =", "errors:    0", "concurrency=4", "batch=10");
        assertThat(r.out()).containsPattern("latency:   p50 \\d+\\.\\d\\d ms, p95 \\d+\\.\\d\\d ms, p99 \\d+\\.\\d\\d ms, max \\d+\\.\\d\\d ms");

        Cli.Result v = Cli.run("verify", "--namespace", "bench", "--tenant", "t0", "--data-dir", home.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(JSON.readTree(v.out()).get("records_checked").asLong()).isEqualTo(2000);
    }

    @Test
    void json_isOneObjectWithSaneNumbers_andChainsShareTheEvents() throws Exception {
        Cli.Result r = Cli.run("bench", "--backend", "file", "--data-dir", home.toString(), "--events", "1005",
                "--batch", "10", "--concurrency", "4", "--chains", "2", "--payload-bytes", "1000", "--warmup", "40", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(1);
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("events").asLong()).isEqualTo(1005);
        assertThat(s.get("requests").asLong()).isEqualTo(101);
        assertThat(s.get("errors").asLong()).isZero();
        assertThat(s.get("events_per_second").asDouble()).isPositive();
        JsonNode lat = s.get("latency_ms");
        assertThat(lat.get("p50").asDouble()).isPositive();
        assertThat(lat.get("p50").asDouble()).isLessThanOrEqualTo(lat.get("p95").asDouble());
        assertThat(lat.get("p95").asDouble()).isLessThanOrEqualTo(lat.get("p99").asDouble());
        assertThat(lat.get("p99").asDouble()).isLessThanOrEqualTo(lat.get("max").asDouble());
        assertThat(s.get("settings").get("chains").asInt()).isEqualTo(2);

        long total = 0;
        for (String tenant : new String[] {"t0", "t1"}) {
            Cli.Result v = Cli.run("verify", "--namespace", "bench", "--tenant", tenant, "--data-dir", home.toString());
            assertThat(v.code()).as(v.err()).isZero();
            total += JSON.readTree(v.out()).get("records_checked").asLong();
        }
        assertThat(total).as("measured events plus warm-up").isEqualTo(1005 + 40);
    }

    @Test
    void memoryBackend_forADuration_reportsProgressEvery5s() throws Exception {
        Cli.Result r = Cli.run("bench", "--backend", "memory", "--duration", "5500ms", "--batch", "5", "--concurrency", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("events").asLong()).isPositive();
        assertThat(s.get("seconds").asDouble()).isBetween(5.4, 15.0);
        assertThat(s.get("settings").get("duration").asText()).isEqualTo("PT5.5S");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).matches("custody bench: measuring: [\\d,]+ events, [\\d,]+ events/s now, 0 errors");
    }

    @Test
    void usageErrors_exit2() {
        assertThat(Cli.run("bench", "--backend", "memory", "--events", "10", "--duration", "1s").err())
                .contains("Give --events or --duration, not both");
        Cli.Result noDir = Cli.run("bench", "--backend", "file");
        assertThat(noDir.code()).isEqualTo(2);
        assertThat(noDir.errLines().get(0)).isEqualTo("custody: --backend file needs --data-dir DIR (or use --url or --backend memory)");
        assertThat(Cli.run("bench", "--backend", "postgres", "--data-dir", home.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("bench", "--url", "http://localhost:1").err()).contains("exactly one of --token or --token-file");
        assertThat(Cli.run("bench", "--backend", "memory", "--batch", "0").err()).contains("--batch must be >= 1, got 0");
        assertThat(Cli.run("bench", "--backend", "memory", "--duration", "soon").err())
                .contains("'soon' is not a duration such as 30s, 5m or PT30S");
        assertThat(Cli.run("bench", "--backend", "memory", "--chains", "8", "--concurrency", "2").code()).isEqualTo(2);
    }
}
