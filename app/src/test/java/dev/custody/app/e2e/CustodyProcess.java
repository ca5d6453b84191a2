package dev.custody.app.e2e;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code custody.jar} as a separate process, for tests that kill it. */
final class CustodyProcess implements AutoCloseable {

    private final Process process;
    final int port;
    final Path dataDir;

    private CustodyProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts {@code custody serve} on a free port over {@code dataDir} (plus {@code extraArgs}, e.g.
     * {@code --config FILE}) and waits until /health answers 200.
     */
    static CustodyProcess start(Path dataDir, Path log, String... extraArgs) throws Exception {
        int port = freePort();
        return start(command(port, dataDir, extraArgs), port, dataDir, log);
    }

    /**
     * As {@link #start(Path, Path, String...)}, in a shell that first lowers the process's limit of open files to
     * {@code maxOpenFiles} ({@code ulimit -n}), so the service meets EMFILE for real.
     */
    static CustodyProcess startWithOpenFileLimit(int maxOpenFiles, Path dataDir, Path log, String... extraArgs)
            throws Exception {
        int port = freePort();
        StringBuilder shell = new StringBuilder("ulimit -n ").append(maxOpenFiles).append(" && exec");
        for (String arg : command(port, dataDir, extraArgs)) {
            shell.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        return start(List.of("bash", "-c", shell.toString()), port, dataDir, log);
    }

    private static List<String> command(int port, Path dataDir, String... extraArgs) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar().toString(), "serve",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(extraArgs));
        return cmd;
    }

    private static CustodyProcess start(List<String> cmd, int port, Path dataDir, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        CustodyProcess c = new CustodyProcess(p, port, dataDir);
        c.awaitHealthy(Duration.ofSeconds(60), log);
        return c;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String bootstrapToken() throws IOException {
        return Files.readString(dataDir.resolve("bootstrap-admin.token")).trim();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitHealthy(Duration timeout, Path log) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("custody exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("custody did not become healthy within " + timeout + ":\n" + Files.readString(log));
    }

    /** {@code <custody.root>/app/target/custody.jar}, built by the package phase before failsafe runs. */
    static Path jar() {
        String root = System.getProperty("custody.root");
        Path jar = (root != null ? Path.of(root, "app") : Path.of("").toAbsolutePath()).resolve("target/custody.jar");
        assertThat(jar).as("the runnable jar (run mvn package first)").isRegularFile();
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
