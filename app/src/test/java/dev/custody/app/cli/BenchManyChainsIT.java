package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bench-many-chains} as an operator runs it, small (300 chains on the file backend, the built jar as the
 * server), so that the harness of docs/performance.md "Many tenants" cannot rot. Not a timing test: it checks that
 * every phase ran and that the JSON line carries every figure the page reports.
 */
class BenchManyChainsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void smallRunOnFile_reportsEveryFigure_andCleansUp() throws Exception {
        Path root = Path.of(System.getProperty("custody.root", ".")).toAbsolutePath().normalize();
        assertThat(root.resolve("app/target/custody.jar")).as("the runnable jar (mvn package builds it)").isRegularFile();
        Path out = tmp.resolve("out.json");
        Path err = tmp.resolve("err.txt");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Process p = new ProcessBuilder(root.resolve("bin/bench-many-chains").toString(), "--backend", "file",
                "--chains", "300", "--rounds", "3", "--clients", "4", "--heap", "256m", "--port", Integer.toString(freePort()),
                "--dir", work.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished within 5 minutes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).as("stdout is the JSON line alone; the table is on stderr").hasSize(1);
        JsonNode r = JSON.readTree(lines.get(0));
        assertThat(r.get("backend").asText()).isEqualTo("file");
        assertThat(r.get("chains").asInt()).isEqualTo(300);
        assertThat(r.get("events").asLong()).isEqualTo(900);
        assertThat(r.get("errors").asLong()).isZero();
        assertThat(r.get("events_per_second").asDouble()).isPositive();
        assertThat(r.get("cold_latency_ms").get("count").asLong()).isEqualTo(600);
        assertThat(r.get("cold_latency_ms").get("p99").asDouble()).isPositive();
        assertThat(r.get("new_chain_latency_ms").get("count").asLong()).isEqualTo(300);
        JsonNode fds = r.get("fds");
        assertThat(fds.get("start").asLong()).isPositive();
        assertThat(fds.get("max").asLong()).isGreaterThanOrEqualTo(fds.get("start").asLong());
        assertThat(fds.get("final").asLong()).isPositive();
        assertThat(r.get("rss_mb").get("max").asDouble()).isPositive();
        assertThat(r.get("postgres_connections").isNull()).isTrue();
        assertThat(r.get("baseline").get("events").asLong()).isEqualTo(900);
        assertThat(r.get("baseline").get("errors").asLong()).isZero();
        assertThat(r.get("ratio").asDouble()).isPositive();
        assertThat(r.get("restart_ms").asLong()).isPositive();
        assertThat(r.get("chains_on_disk").asInt()).isEqualTo(300);
        assertThat(r.get("after_restart_append").get("status").asInt()).isEqualTo(201);
        assertThat(r.get("after_restart_append").get("seq").asInt()).as("follows the chain's three records").isEqualTo(4);
        assertThat(r.get("server_log_warn_error_lines").asInt()).as("nothing went wrong on the server").isZero();
        assertThat(r.get("checks").fieldNames()).toIterable()
                .containsExactly("zero_errors", "cold_p99", "fds", "rss", "restart", "append_after_restart");
        assertThat(r.get("checks").get("zero_errors").asBoolean()).isTrue();
        assertThat(r.get("checks").get("append_after_restart").asBoolean()).isTrue();

        assertThat(Files.readString(err)).contains("many chains on file", "cold: revisits p50 / p99", "open fds start / max / end",
                "kill -9, restart to UP", "targets:");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("the work directory was removed").isEmpty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
