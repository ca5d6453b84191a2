package dev.custody.adapters.tink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run in a second JVM by {@link KeysetFileTest}: tries to lock the key directory {@code args[0]} and prints
 * {@code locked}, or {@code read-only} when another process holds it.
 */
public final class KeysLockProbe {

    private KeysLockProbe() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (KeysLock lock = KeysLock.acquire(Path.of(args[0]))) {
            out.println(lock.held() ? "locked" : "read-only");
        }
    }

    /** Runs the probe in a new JVM on {@code dir} and returns what it printed. */
    static String runIn(Path dir) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), KeysLockProbe.class.getName(),
                dir.toString());
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("probe exit; stderr: %s", err).isZero();
            return new String(out, StandardCharsets.UTF_8).strip();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run the probe JVM", e);
        }
    }
}
