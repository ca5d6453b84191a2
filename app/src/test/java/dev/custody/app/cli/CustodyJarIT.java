package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code custody.jar} as a process. */
class CustodyJarIT {

    @TempDir
    Path tmp;

    /** What a finished process printed. */
    record Run(int code, String out, List<String> err) {
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("custody.root", ".")).resolve("app/target/custody.jar");
        assertThat(jar).as("the runnable jar (mvn package builds it)").isRegularFile();
        return jar;
    }

    private ProcessBuilder custody(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");   // as bin/custody and the README do (protobuf's Unsafe use)
        }
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private Run run(String... args) throws Exception {
        Path out = tmp.resolve("out-" + System.nanoTime());
        Path err = tmp.resolve("err-" + System.nanoTime());
        Process p = custody(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("custody %s finished", List.of(args)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readAllLines(err));
    }

    @Test
    void help_listsEveryCommand() throws Exception {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("serve", "verify", "export", "verify-export", "bench");
    }

    @Test
    void verifyExport_acceptsTheVectorChain_withOnlyJsonOnStdout() throws Exception {
        Run r = run("verify-export", Cli.vectors().resolve("chain-v1.ndjson").toString());
        assertThat(r.code()).as(String.join("\n", r.err())).isZero();
        assertThat(r.out()).startsWith("{\"valid\":true,\"records_checked\":4,").endsWith("}\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void serve_answersHealth_andStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path data = tmp.resolve("data");
        Path log = tmp.resolve("serve.log");
        Process p = custody("serve", "--port", Integer.toString(port), "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(awaitHealth(p, port, log)).isEqualTo(200);
            assertThat(data.resolve("records")).isDirectory();
        } finally {
            p.destroy();   // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        }
        assertThat(Files.readString(log)).contains("Custody is serving on port " + port, "Custody stopped");
        // the store was closed: its lock is free for an offline command
        Run verify = run("verify", "--namespace", "x", "--tenant", "y", "--data-dir", data.toString());
        assertThat(verify.err()).containsExactly("custody: no such chain x/y in the file store");
    }

    @Test
    void noCommand_serves_configuredByEnvironmentVariables() throws Exception {
        int port = freePort();
        Path data = tmp.resolve("env-data");
        Path log = tmp.resolve("default.log");
        ProcessBuilder pb = custody().redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CUSTODY_HOME", data.toString());
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        Process p = pb.start();
        try {
            assertThat(awaitHealth(p, port, log)).isEqualTo(200);
            assertThat(data.resolve("records")).isDirectory();
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void serve_withInvalidConfig_exits2WithOneLine() throws Exception {
        Path config = Files.writeString(tmp.resolve("bogus.yml"), "custody:\n  compliance:\n    mode: bogus\n");
        Run r = run("serve", "--port", Integer.toString(freePort()), "--data-dir", tmp.resolve("d").toString(),
                "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).containsExactly(
                "custody: Invalid value for custody.compliance.mode=bogus: must be one of none, soc2, hipaa");
    }

    private static int awaitHealth(Process p, int port, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("custody serve is running; log:%n%s", Files.readString(log)).isTrue();
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return r.statusCode();
            } catch (IOException e) {
                Thread.sleep(200);   // not listening yet
            }
        }
        throw new AssertionError("no answer on /health within 60 s; log:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
