package dev.custody.domain.privacy;

import dev.custody.domain.json.Json;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reading the subject index's log ({@link SubjectIndex}): one JSON object per line, the last per subject wins. */
final class SubjectIndexLog {

    private SubjectIndexLog() {
    }

    /**
     * Hands every entry of {@code path} to {@code sink}, in order, and returns how many bytes hold complete lines:
     * a last line without its {@code '\n'}, or that does not parse, is a torn write (the caller cuts it).
     *
     * @throws IOException when a line before the last does not parse: that is damage, not a torn write
     */
    static long read(Path path, BiConsumer<String, SubjectIndex.Entry> sink) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return 0;
        }
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end == bytes.length) {
                return start;   // no '\n': torn
            }
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            try {
                Map<?, ?> m = (Map<?, ?>) Json.parse(line);
                sink.accept((String) m.get("s"), entry(m));
            } catch (RuntimeException e) {
                if (end + 1 == bytes.length) {
                    return start;   // the last line: torn
                }
                throw new IOException(path + ": the line at byte " + start + " is not an index entry, and more follow; "
                        + "that is not a torn write, so nothing was cut", e);
            }
            start = end + 1;
        }
        return start;
    }

    /** An entry from its JSON object ({@code chains}, optional {@code pending} and {@code erasure}). */
    @SuppressWarnings("unchecked")
    static SubjectIndex.Entry entry(Map<?, ?> m) {
        List<String> chains = new ArrayList<>();
        ((List<?>) m.get("chains")).forEach(c -> chains.add((String) c));
        return new SubjectIndex.Entry(chains, (Map<String, Object>) m.get("pending"), (Map<String, Object>) m.get("erasure"));
    }

    /**
     * Locks the index directory for this process: the returned channel holds the OS lock until it is closed.
     *
     * @throws IOException when another process, or another index in this JVM, holds it
     */
    static FileChannel lock(Path dir) throws IOException {
        FileChannel ch = PrivateFiles.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean locked = false;
        try {
            locked = ch.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            locked = false;
        } finally {
            if (!locked) {
                ch.close();
            }
        }
        if (!locked) {
            throw new IOException("the subject index " + dir + " is in use by another Custody process (or another index "
                    + "in this one); only one may write it: stop the service before running offline commands that erase");
        }
        return ch;
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system can sync a directory; the rename is still atomic
        }
    }
}
