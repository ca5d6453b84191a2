package dev.custody.adapters.file;

import dev.custody.ports.StoreUnavailableException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a second JVM by {@link DirectoryLockTest}: tries to open the store in {@code args[0]} and prints
 * {@code opened} or the refusal's message on standard output.
 */
public final class LockProbe {

    private LockProbe() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (FileAuditStore store = FileAuditStore.open(Path.of(args[0]))) {
            out.println(store.chains().isEmpty() ? "opened" : "opened with chains");
        } catch (StoreUnavailableException e) {
            out.println(e.getMessage());
        }
    }
}
