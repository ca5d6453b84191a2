package dev.custody.adapters.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The file descriptors this process holds, as Linux lists them in {@code /proc/self/fd}. */
final class Descriptors {

    private static final Path FDS = Path.of("/proc/self/fd");

    private Descriptors() {
    }

    /** How many descriptors are open now (the listing's own is not counted). */
    static int open() {
        try (Stream<Path> s = Files.list(FDS)) {
            return (int) s.count() - 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many open descriptors are files under {@code dir}. */
    static int under(Path dir) {
        try (Stream<Path> s = Files.list(FDS)) {
            return (int) s.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException e) {
                    return false;   // closed while listed
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
