package dev.custody.domain.delivery;

import dev.custody.ports.ChainId;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last delivered seq per chain of one sink, kept in a small text file
 * ({@code namespace/tenant seq} per line). Saved atomically: written to a temporary file, forced to
 * disk, renamed over the old one and the directory forced, so a crash leaves the old or the new
 * cursor, never a torn one. Used by one delivery thread.
 */
final class SinkCursor {

    private static final String HEADER = "# custody sink cursor v1";

    private final Path file;
    private final Map<ChainId, Long> delivered = new TreeMap<>();

    private SinkCursor(Path file) {
        this.file = file;
    }

    /** Reads the cursor at {@code file}; a missing file means nothing was delivered yet. */
    static SinkCursor open(Path file) {
        SinkCursor c = new SinkCursor(file);
        try {
            PrivateFiles.createDirectories(file.getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] parts = line.trim().split(" ");
                    String[] chain = parts[0].split("/");
                    if (parts.length != 2 || chain.length != 2) {
                        throw new IllegalStateException("Corrupt sink cursor " + file + ": '" + line + "'");
                    }
                    c.delivered.put(ChainId.of(chain[0], chain[1]), Long.parseLong(parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sink cursor " + file, e);
        }
        return c;
    }

    /** The last delivered seq of {@code chain}, 0 when none. */
    long get(ChainId chain) {
        return delivered.getOrDefault(chain, 0L);
    }

    /** Records {@code seq} as delivered for {@code chain} and saves the cursor durably. */
    void advance(ChainId chain, long seq) {
        delivered.put(chain, seq);
        save();
    }

    private void save() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        delivered.forEach((chain, seq) -> sb.append(chain).append(' ').append(seq).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save sink cursor " + file, e);
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory; the rename is still atomic there
        }
    }
}
