package dev.custody.adapters.tink;

import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a {@link KeysetFile} without its erased entries, so the space of destroyed keysets comes back, and
 * leaves no copy of any keyset behind: the new file is written as {@code keysets.dat.compact} and synced, the
 * current file is renamed {@code keysets.dat.retired}, the new one renamed into place, the directory synced, and
 * only then is the retired file overwritten with zeros, synced and deleted. After a crash, {@link #recover} rolls
 * back (retired renamed back when the current file is missing) and overwrites whatever temporary file is left.
 */
final class KeysetCompaction {

    static final String COMPACT = ".compact";
    static final String RETIRED = ".retired";

    private KeysetCompaction() {
    }

    /** The new file: its channel, its entries at their new offsets, its size. */
    record Result(FileChannel channel, List<KeysetFile.Entry> entries, long size) {
    }

    static Result rewrite(Path path, FileChannel current, long[] sortedOffsets, KeysetFile.Reader reader) throws IOException {
        Path compact = sibling(path, COMPACT);
        Path retired = sibling(path, RETIRED);
        shred(compact);
        List<KeysetFile.Entry> entries = new ArrayList<>(sortedOffsets.length);
        long size;
        try (FileChannel out = PrivateFiles.open(compact, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            buf.put(KeysetFile.MAGIC);
            long at = KeysetFile.MAGIC.length;
            for (long offset : sortedOffsets) {
                KeysetFile.Entry old = reader.read(offset);
                KeysetFile.Entry moved = new KeysetFile.Entry(at, old.format(), old.name(), old.lineage(), old.body());
                ByteBuffer bytes = KeysetEntries.encode(moved);
                if (buf.remaining() < bytes.remaining()) {
                    drain(out, buf);
                }
                if (buf.remaining() < bytes.remaining()) {
                    write(out, bytes);
                } else {
                    buf.put(bytes);
                }
                entries.add(moved);
                at = moved.end();
            }
            drain(out, buf);
            out.force(true);
            size = at;
        }
        Files.move(path, retired, StandardCopyOption.ATOMIC_MOVE);
        Files.move(compact, path, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(path.getParent());
        current.close();
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        shred(retired);
        return new Result(ch, entries, size);
    }

    /** Finishes or rolls back a compaction a crash interrupted, before the file is opened. */
    static void recover(Path path) throws IOException {
        Path compact = sibling(path, COMPACT);
        Path retired = sibling(path, RETIRED);
        if (!Files.exists(path) && Files.exists(retired)) {
            Files.move(retired, path, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(path.getParent());
        } else if (!Files.exists(path) && Files.exists(compact)) {
            throw new IOException(path + " is missing but " + compact + " exists: the key directory was changed by hand; "
                    + "restore " + path + " from a backup");
        }
        shred(compact);
        shred(retired);
    }

    /** Overwrites {@code file} with zeros, syncs, deletes it and syncs its directory; nothing when it does not exist. */
    static void shred(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            KeysetEntries.zero(ch, 0, ch.size());
            ch.force(true);
        }
        Files.delete(file);
        syncDirectory(file.toAbsolutePath().getParent());
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not every file system can sync a directory; the rename itself is still atomic
        }
    }

    private static Path sibling(Path path, String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }

    private static void drain(FileChannel out, ByteBuffer buf) throws IOException {
        buf.flip();
        write(out, buf);
        buf.clear();
    }

    private static void write(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}
