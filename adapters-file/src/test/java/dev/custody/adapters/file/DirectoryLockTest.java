package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void secondOpenInTheSameJvm_failsNamingTheDirectoryAndTheHolder() throws IOException {
        long pid = ProcessHandle.current().pid();
        try (FileAuditStore first = FileAuditStore.open(dir)) {
            assertThat(first.directory()).isEqualTo(dir.toRealPath());
            assertThatThrownBy(() -> FileAuditStore.open(dir))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("File store " + dir.toRealPath() + " is locked by pid " + pid + " on ")
                    .hasMessageContaining(" since ")
                    .hasMessageEndingWith("; only one Custody process may write a directory");
            assertThat(probeInAnotherJvm()).as("the failed open kept the lock").contains("is locked by pid " + pid);
        }
        try (FileAuditStore again = FileAuditStore.open(dir)) {
            assertThat(again.directory()).isEqualTo(dir.toRealPath());
        }
    }

    @Test
    void anotherProcess_isRefusedWhileThisOneHoldsTheDirectory() throws Exception {
        try (FileAuditStore held = FileAuditStore.open(dir)) {
            String message = probeInAnotherJvm();
            assertThat(held.chains()).isEmpty();

            assertThat(message)
                    .contains("File store " + dir.toRealPath())
                    .contains("is locked by pid " + ProcessHandle.current().pid())
                    .contains("only one Custody process may write a directory");
        }
        assertThat(probeInAnotherJvm()).isEqualTo("opened");
    }

    @Test
    void close_clearsTheHolderAndReleasesTheLock() throws IOException {
        FileAuditStore store = FileAuditStore.open(dir);
        store.close();
        store.close();

        assertThat(Files.readString(dir.resolve(".lock"))).isEmpty();
        FileAuditStore.open(dir).close();
    }

    /** Runs {@link LockProbe} in a new JVM on {@link #dir} and returns what it printed. */
    private String probeInAnotherJvm() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), dir.toString());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
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
