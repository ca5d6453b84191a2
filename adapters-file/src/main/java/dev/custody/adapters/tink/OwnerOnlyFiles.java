package dev.custody.adapters.tink;

import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes key files: created owner-only (0600) from the first byte, fsync'd, and moved into place atomically. */
final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Replaces {@code target} with {@code bytes}; a crash leaves either the old or the new content. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        KeysetCompaction.syncDirectory(dir);
    }

    /**
     * Destroys {@code target}: overwrites its bytes in place with zeros and syncs, then deletes it and any
     * temporary file an interrupted {@link #write} left, and syncs the directory. On file systems that write in
     * place (ext4, xfs) the old blocks are overwritten; copy-on-write file systems, SSD wear levelling and
     * snapshots may keep old blocks (docs/privacy.md).
     *
     * @return whether {@code target} existed
     */
    static boolean shred(Path target) throws IOException {
        Path tmp = target.toAbsolutePath().getParent().resolve("." + target.getFileName() + ".tmp");
        KeysetCompaction.shred(tmp);
        boolean existed = Files.exists(target);
        KeysetCompaction.shred(target);
        return existed;
    }
}
