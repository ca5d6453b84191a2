package dev.custody.adapters.file;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The marker {@code <dir>/.custody-format} that says how the store's lines are written ({@code plain} or
 * {@code sealed}). A directory is never opened with the other codec: a plain reader would take sealed lines
 * for torn writes and cut them. A directory without the marker and without chains gets one; one with chains
 * but no marker was written by a plain store before the marker existed.
 */
final class StoreFormat {

    static final String FILE_NAME = ".custody-format";
    private static final String PREFIX = "custody-file-v1 ";

    private StoreFormat() {
    }

    static void check(Path root, LineCodec codec) throws IOException {
        Path marker = root.resolve(FILE_NAME);
        String found;
        if (Files.exists(marker)) {
            String text = Files.readString(marker, StandardCharsets.UTF_8).trim();
            if (!text.startsWith(PREFIX)) {
                throw new AuditStoreException(marker + " is not a Custody format marker: '" + text + "'");
            }
            found = text.substring(PREFIX.length());
        } else if (hasChains(root)) {
            found = "plain";
        } else {
            try (FileChannel ch = PrivateFiles.open(marker, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC)) {
                ch.write(ByteBuffer.wrap((PREFIX + codec.format() + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            return;
        }
        if (!found.equals(codec.format())) {
            throw new AuditStoreException("The store in " + root + " holds " + describe(found) + " records but is opened as "
                    + describe(codec.format()) + "; configure backend " + backend(found) + " for it");
        }
    }

    /** Whether {@code root} is a directory that holds a store: its format marker, or chains written before it had one. */
    static boolean present(Path root) throws IOException {
        return Files.isDirectory(root) && (Files.isRegularFile(root.resolve(FILE_NAME)) || hasChains(root));
    }

    private static boolean hasChains(Path root) throws IOException {
        try (var s = Files.list(root)) {
            return s.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        }
    }

    private static String describe(String format) {
        return format.equals("sealed") ? "encrypted (sealed)" : format;
    }

    private static String backend(String format) {
        return format.equals("sealed") ? "encrypted-file" : "file";
    }
}
