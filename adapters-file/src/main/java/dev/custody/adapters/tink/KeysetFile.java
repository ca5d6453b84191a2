package dev.custody.adapters.tink;

import static java.lang.System.Logger.Level.WARNING;

import dev.custody.ports.spi.PrivateFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every keyset of a key store in one file, {@code <dir>/keysets.dat} (ADR 0100): a 16-byte header
 * ({@code custody.keys.v1\n}), then entries, appended. An entry is a 16-byte head — state ({@code K} live,
 * {@code X} erased), format (1: Tink binary encrypted keyset, 2: Tink JSON encrypted keyset, as a migrated
 * keyset file held it), name length, a zero byte, body length (4 bytes), lineage (8 bytes, random, kept by
 * rotation) — then the name (ASCII), the body (the keyset encrypted under the key-encryption key), and a
 * CRC32C of everything after the state byte. Erasing an entry makes its state {@code X} durable, then
 * overwrites lineage, name, body and CRC in place with zeros and syncs. Opening cuts the torn tail an
 * interrupted append left, finishes interrupted erasures, rotations and compactions. Opened read-only (another
 * process writes the key directory), it changes nothing and reads the file again when it grew or was replaced.
 * Not thread-safe except {@link #sync}: the key store calls it under its lock.
 */
final class KeysetFile implements Closeable {

    static final String FILE_NAME = "keysets.dat";
    static final byte LIVE = 'K';
    static final byte ERASED = 'X';
    static final byte BINARY = 1;
    static final byte JSON = 2;
    static final int HEAD = 16;
    static final int MAX_BODY = 1 << 20;
    static final byte[] MAGIC = "custody.keys.v1\n".getBytes(StandardCharsets.US_ASCII);

    private static final System.Logger LOG = System.getLogger(KeysetFile.class.getName());

    /** One live entry. */
    record Entry(long offset, byte format, String name, long lineage, byte[] body) {
        long length() {
            return HEAD + name.length() + body.length + 4L;
        }

        long end() {
            return offset + length();
        }
    }

    private final Path path;
    private final boolean readOnly;
    private final KeysetIndex index = new KeysetIndex();
    private Object fileKey;
    private long scannedSize;
    private volatile FileChannel ch;
    private long size;
    private long deadBytes;
    private volatile long written;
    private volatile long synced;
    private final Object syncLock = new Object();

    private KeysetFile(Path path, FileChannel ch, boolean readOnly) {
        this.path = path;
        this.ch = ch;
        this.readOnly = readOnly;
    }

    /** Opens (creating, owner-only) the keyset file of {@code dir}, recovering what a crash left. */
    static KeysetFile open(Path dir) throws IOException {
        return open(dir, false);
    }

    /** As {@link #open(Path)}; read-only, it neither creates nor recovers anything. */
    static KeysetFile open(Path dir, boolean readOnly) throws IOException {
        Path path = dir.resolve(FILE_NAME);
        if (readOnly) {
            KeysetFile f = new KeysetFile(path, FileChannel.open(path, StandardOpenOption.READ), true);
            try {
                f.scan();
                return f;
            } catch (IOException | RuntimeException e) {
                f.close();
                throw e;
            }
        }
        KeysetCompaction.recover(path);
        boolean fresh = !Files.exists(path);
        FileChannel ch = PrivateFiles.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        KeysetFile f = new KeysetFile(path, ch, false);
        try {
            if (fresh || ch.size() == 0) {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(MAGIC), 0);
                ch.force(true);
                KeysetCompaction.syncDirectory(dir);
            }
            f.scan();
            return f;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    boolean readOnly() {
        return readOnly;
    }

    /**
     * Read-only: reads the file again if it changed since it was read (it grew, or a compaction replaced it), so
     * what the writing process did since shows. Returns whether it did.
     */
    boolean refresh() throws IOException {
        if (!readOnly) {
            return false;
        }
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (java.util.Objects.equals(key, fileKey) && Files.size(path) == scannedSize) {
            return false;
        }
        FileChannel old = ch;
        ch = FileChannel.open(path, StandardOpenOption.READ);
        old.close();
        index.clear();
        deadBytes = 0;
        scan();
        return true;
    }

    /** The live entry named {@code name}, if any. */
    Optional<Entry> find(String name) throws IOException {
        long at = locate(name);
        return at < 0 ? Optional.empty() : Optional.of(read(at));
    }

    /** The names of every live entry, sorted. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>(index.size());
        long[] offsets = offsets();
        for (long o : offsets) {
            names.add(nameAt(o));
        }
        names.sort(null);
        return names;
    }

    /**
     * Appends a new entry {@code name}. When one exists (a rotation), the new entry is made durable and the old one
     * erased; a new name is appended without syncing (see {@link #sync}).
     */
    Entry put(String name, byte format, long lineage, byte[] body) throws IOException {
        Optional<Entry> old = find(name);
        Entry e = new Entry(size, format, name, lineage, body);
        ByteBuffer buf = KeysetEntries.encode(e);
        while (buf.hasRemaining()) {
            ch.write(buf, e.offset() + buf.position());
        }
        size = e.end();
        written = size;
        int h = KeysetIndex.hash(name);
        if (old.isPresent()) {
            sync(size);
            index.move(h, old.get().offset(), e.offset());
            erase(old.get().offset(), old.get().length());
        } else {
            index.add(h, e.offset());
        }
        return e;
    }

    /** Erases the live entry {@code name}: durable on return. */
    boolean remove(String name) throws IOException {
        Optional<Entry> e = find(name);
        if (e.isEmpty()) {
            return false;
        }
        index.remove(KeysetIndex.hash(name), e.get().offset());
        erase(e.get().offset(), e.get().length());
        return true;
    }

    /**
     * Makes every entry up to {@code end} durable. Callers in several threads share one fdatasync: whoever syncs
     * covers everything appended before it started. Thread-safe.
     */
    void sync(long end) throws IOException {
        if (synced >= end) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= end) {
                return;
            }
            long target = written;
            ch.force(false);
            synced = target;
        }
    }

    /** Whether the entry ending at {@code end} is durable. */
    boolean durable(long end) {
        return synced >= end;
    }

    /** Bytes of live entries and bytes of erased ones. */
    long liveBytes() {
        return size - MAGIC.length - deadBytes;
    }

    long deadBytes() {
        return deadBytes;
    }

    /** Rewrites the file without erased entries (see {@link KeysetCompaction}); offsets change. */
    void compact() throws IOException {
        long[] offsets = offsets();
        Arrays.sort(offsets);
        synchronized (syncLock) {   // no sync() may use the channel while it is replaced
            KeysetCompaction.Result r = KeysetCompaction.rewrite(path, ch, offsets, this::read);
            ch = r.channel();
            index.clear();
            for (Entry e : r.entries()) {
                index.add(KeysetIndex.hash(e.name()), e.offset());
            }
            size = r.size();
            deadBytes = 0;
            written = size;
            synced = size;
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    Entry read(long offset) throws IOException {
        ByteBuffer head = readFully(offset, HEAD);
        int nameLength = head.get(2) & 0xff;
        int bodyLength = head.getInt(4);
        ByteBuffer all = readFully(offset, HEAD + nameLength + bodyLength + 4);
        Entry e = KeysetEntries.decode(offset, all);
        if (e == null) {
            throw new IOException(path + ": the entry at offset " + offset + " is damaged (checksum or format)");
        }
        return e;
    }

    private String nameAt(long offset) throws IOException {
        ByteBuffer head = readFully(offset, HEAD);
        return new String(readFully(offset + HEAD, head.get(2) & 0xff).array(), StandardCharsets.US_ASCII);
    }

    /** The offset of the live entry {@code name}, or -1. */
    private long locate(String name) throws IOException {
        try {
            return index.find(KeysetIndex.hash(name), o -> {
                try {
                    return nameAt(o).equals(name);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private long[] offsets() {
        long[] out = new long[index.size()];
        int[] n = {0};
        index.forEach(o -> out[n[0]++] = o);
        return out;
    }

    private void erase(long offset, long length) throws IOException {
        ch.write(ByteBuffer.wrap(new byte[] {ERASED}), offset);
        ch.force(false);
        KeysetEntries.zero(ch, offset + 8, length - 8);
        ch.force(false);
        deadBytes += length;
    }

    private ByteBuffer readFully(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                throw new IOException(path + ": unexpected end of file at offset " + (offset + buf.position()));
            }
        }
        return buf.flip();
    }

    /** Builds the index, finishing interrupted erasures and rotations and cutting a torn tail. */
    private void scan() throws IOException {
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        long fileSize = ch.size();
        scannedSize = fileSize;
        ByteBuffer magic = readFully(0, Math.min(MAGIC.length, (int) fileSize));
        if (fileSize < MAGIC.length || !Arrays.equals(magic.array(), MAGIC)) {
            throw new IOException(path + " is not a Custody keyset file (no " + new String(MAGIC, StandardCharsets.US_ASCII).strip()
                    + " header)");
        }
        KeysetEntries.Scanner s = new KeysetEntries.Scanner(ch, fileSize);
        long pos = MAGIC.length;
        while (pos < fileSize) {
            KeysetEntries.Probe p = s.probe(pos);
            if (p == null) {
                break;
            }
            if (p.state() == ERASED) {
                if (!p.zeroed() && !readOnly) {
                    KeysetEntries.zero(ch, pos + 8, p.length() - 8);
                    ch.force(false);
                }
                deadBytes += p.length();
            } else {
                int h = KeysetIndex.hash(p.name());
                long earlier = locate(p.name());
                if (earlier >= 0) {   // a rotation was interrupted before it erased the older version (or is erasing it)
                    index.move(h, earlier, pos);
                    if (!readOnly) {
                        erase(earlier, read(earlier).length());
                    }
                } else {
                    index.add(h, pos);
                }
            }
            pos += p.length();
        }
        if (pos < fileSize && !readOnly) {   // read-only, this is the writer appending: read up to there
            long valid = s.nextValid(pos + 1);
            if (valid >= 0) {
                throw new IOException(path + " is damaged at offset " + pos + " but holds valid entries after it (at "
                        + valid + "): that is not an interrupted write, so nothing was cut; restore the file from a backup");
            }
            LOG.log(WARNING, "Cut " + (fileSize - pos) + " bytes of an interrupted write from the end of " + path);
            ch.truncate(pos);
            ch.force(true);
        }
        size = pos;
        written = pos;
        synced = pos;
    }

    /** Reads the entry names with {@code reader} (for the compaction, which copies entries as they are). */
    interface Reader {
        Entry read(long offset) throws IOException;
    }
}
