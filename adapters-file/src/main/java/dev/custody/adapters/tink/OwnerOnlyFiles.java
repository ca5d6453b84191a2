package dev.custody.adapters.tink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes key files: created owner-only (0600) from the first byte, fsync'd, and moved into place atomically. */
final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    /** Replaces {@code target} with {@code bytes}; a crash leaves either the old or the new content. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createDirectory(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes("rw-------"))) {
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
        syncDirectory(dir);
    }

    /** Deletes {@code target} and makes the deletion durable. */
    static boolean delete(Path target) throws IOException {
        boolean existed = Files.deleteIfExists(target);
        if (existed) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
        return existed;
    }

    /**
     * Destroys {@code target}: overwrites its bytes in place with random data and syncs, then deletes it
     * and any temporary file an interrupted {@link #write} left, and syncs the directory. On file systems
     * that write in place (ext4, xfs) the old blocks are overwritten; copy-on-write file systems, SSD
     * wear levelling and snapshots may keep old blocks (docs/privacy.md).
     */
    static boolean shred(Path target) throws IOException {
        Path tmp = target.toAbsolutePath().getParent().resolve("." + target.getFileName() + ".tmp");
        boolean existed = false;
        for (Path p : new Path[] {tmp, target}) {
            if (Files.exists(p)) {
                overwrite(p);
                existed |= p == target;
            }
            Files.deleteIfExists(p);
        }
        syncDirectory(target.toAbsolutePath().getParent());
        return existed;
    }

    private static void overwrite(Path file) throws IOException {
        long size = Files.size(file);
        byte[] noise = new byte[(int) Math.min(size, 1 << 16)];
        java.security.SecureRandom random = new java.security.SecureRandom();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long at = 0;
            while (at < size) {
                random.nextBytes(noise);
                ByteBuffer buf = ByteBuffer.wrap(noise, 0, (int) Math.min(noise.length, size - at));
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
            }
            ch.force(true);
        }
    }

    /** Creates {@code dir} owner-only (0700) when it does not exist. */
    static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attributes("rwx------"));
        }
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system can sync a directory; the rename itself is still atomic
        }
    }
}
