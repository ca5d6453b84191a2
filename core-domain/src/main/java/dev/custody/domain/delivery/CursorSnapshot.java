package dev.custody.domain.delivery;

import dev.custody.ports.ChainId;
import dev.custody.ports.spi.PrivateFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The snapshot file of a sink cursor: a header line, then {@code namespace/tenant seq} per chain, sorted by chain
 * ({@link ChainId#compareTo}). A chain's seq is found through a {@link SparseIndex} (the first chain of every block
 * of lines, at most {@value SparseIndex#MAX_BLOCKS} blocks whatever the number of chains) and one read of its block.
 * Nothing is read at open; the index is built by one sequential read at the first lookup, or by the merge that
 * wrote the file. The file is never changed in place: {@link #merge} writes a new one beside it and renames it over.
 * Version 1 (the same lines under another header, the whole file rewritten per advance) is converted at open.
 */
final class CursorSnapshot implements AutoCloseable {

    static final String HEADER = "# custody sink cursor v2";
    static final String V1_HEADER = "# custody sink cursor v1";
    /** One line: the chain, its seq, and the offset just after the line. */
    private record Line(ChainId chain, long seq, long end) {
    }

    private final Path file;
    private FileChannel channel;
    private long size;
    /** The first chain of every block of lines; built at the first lookup (or by the merge that wrote the file). */
    private SparseIndex index;

    private CursorSnapshot(Path file) {
        this.file = file;
    }

    /** Opens the snapshot at {@code file}: created empty when missing, converted when written by version 1. */
    static CursorSnapshot open(Path file) {
        CursorSnapshot s = new CursorSnapshot(file);
        try {
            String header = Files.exists(file) ? firstLine(file) : null;
            if (header == null) {
                s.write(new TreeMap<>(), null);
            } else if (!header.equals(HEADER)) {
                if (header.startsWith("# custody sink cursor v") && !header.equals(V1_HEADER)) {
                    throw new IllegalStateException("Sink cursor " + file + " was written by a newer version of Custody ('"
                            + header + "'); this version reads " + V1_HEADER + " and " + HEADER);
                }
                s.write(readVersion1(file), null);   // version 1: the same lines, converted once
            }
            s.reopen();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open sink cursor " + file, e);
        }
        return s;
    }

    /** Bytes in the file. */
    long size() {
        return size;
    }

    /** The seq recorded for {@code chain}, 0 when none. Reads one block of lines. */
    long find(ChainId chain) {
        try {
            SparseIndex ix = index();
            int block = ix.blockOf(chain);
            if (block < 0) {
                return 0;
            }
            long from = ix.start(block);
            long to = block + 1 < ix.blocks() ? ix.start(block + 1) : size;
            ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
            while (buf.hasRemaining() && channel.read(buf, from + buf.position()) > 0) {
                // read the whole block
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                Line l = parse(file, line, 0);
                int c = l.chain().compareTo(chain);
                if (c == 0) {
                    return l.seq();
                }
                if (c > 0) {
                    return 0;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read sink cursor " + file, e);
        }
    }

    /** Drops the index from memory (it is read again at the next lookup). */
    void release() {
        index = null;
    }

    /** Blocks of lines the index holds in memory now (0 when it is not loaded). */
    int indexedBlocks() {
        return index == null ? 0 : index.blocks();
    }

    /**
     * Replaces the file with one holding its lines and {@code changes} (the higher seq where both name a chain):
     * written beside it, forced, renamed over it and the directory forced, so a crash leaves the old file or the
     * new one. Reads the old file once, in order; holds nothing but {@code changes} in memory.
     */
    void merge(SortedMap<ChainId, Long> changes) {
        try {
            write(changes, this);
            reopen();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save sink cursor " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // read-only
        }
    }

    private void reopen() throws IOException {
        close();
        channel = FileChannel.open(file, StandardOpenOption.READ);
        size = channel.size();
    }

    private SparseIndex index() throws IOException {
        if (index == null) {
            SparseIndex.Builder b = new SparseIndex.Builder();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(256);
                boolean header = true;
                long at = 0;
                long lineStart = 0;
                for (int c = in.read(); c >= 0; c = in.read()) {
                    at++;
                    if (c != '\n') {
                        if (!header && b.wantsNext()) {
                            line.write(c);   // only the first line of each block is parsed
                        }
                        continue;
                    }
                    if (header) {
                        header = false;
                    } else {
                        b.line(b.wantsNext() ? parse(file, line.toString(StandardCharsets.UTF_8), 0).chain() : null, lineStart);
                    }
                    line.reset();
                    lineStart = at;
                }
            }
            index = b.build();
        }
        return index;
    }

    /** Writes {@code changes} merged with {@code old}'s lines (none when null) as the new file. */
    private void write(SortedMap<ChainId, Long> changes, CursorSnapshot old) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        SparseIndex.Builder ix = new SparseIndex.Builder();
        try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Lines out = new Lines(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), ix);
            out.header();
            Iterator<Map.Entry<ChainId, Long>> pending = changes.entrySet().iterator();
            Map.Entry<ChainId, Long> next = pending.hasNext() ? pending.next() : null;
            if (old != null) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (String text = in.readLine(); text != null; text = in.readLine()) {
                        if (text.isBlank() || text.startsWith("#")) {
                            continue;
                        }
                        Line line = parse(file, text, 0);
                        while (next != null && next.getKey().compareTo(line.chain()) < 0) {
                            out.line(next.getKey(), next.getValue());
                            next = pending.hasNext() ? pending.next() : null;
                        }
                        long seq = line.seq();
                        if (next != null && next.getKey().equals(line.chain())) {
                            seq = Math.max(seq, next.getValue());
                            next = pending.hasNext() ? pending.next() : null;
                        }
                        out.line(line.chain(), seq);
                    }
                }
            }
            for (; next != null; next = pending.hasNext() ? pending.next() : null) {
                out.line(next.getKey(), next.getValue());
            }
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
        index = ix.build();
    }

    /** Writes the lines of a new file, indexing them as it goes. */
    private static final class Lines {
        private final OutputStream out;
        private final SparseIndex.Builder index;
        private long at;

        Lines(OutputStream out, SparseIndex.Builder index) {
            this.out = out;
            this.index = index;
        }

        void header() throws IOException {
            write(HEADER + "\n");
        }

        void line(ChainId chain, long seq) throws IOException {
            index.line(chain, at);
            write(chain + " " + seq + "\n");
        }

        void flush() throws IOException {
            out.flush();
        }

        private void write(String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            out.write(b);
            at += b.length;
        }
    }

    /** {@code namespace/tenant seq}. @throws IllegalStateException naming the file when it is not */
    private static Line parse(Path file, String text, long end) {
        String[] parts = text.trim().split(" ");
        String[] chain = parts[0].split("/");
        try {
            if (parts.length == 2 && chain.length == 2) {
                return new Line(ChainId.of(chain[0], chain[1]), Long.parseLong(parts[1]), end);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException("Corrupt sink cursor " + file + ": '" + text + "'");
    }

    /** The chain and seq of one line of a cursor (snapshot or log). */
    static Map.Entry<ChainId, Long> entry(Path file, String text) {
        Line l = parse(file, text, 0);
        return Map.entry(l.chain(), l.seq());
    }

    private static String firstLine(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            return line == null ? "" : line.trim();
        }
    }

    /** Every line of a version 1 cursor (any order, comments skipped); the highest seq wins. */
    private static SortedMap<ChainId, Long> readVersion1(Path file) throws IOException {
        SortedMap<ChainId, Long> all = new TreeMap<>();
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!text.isBlank() && !text.startsWith("#")) {
                Line l = parse(file, text, 0);
                all.merge(l.chain(), l.seq(), Math::max);
            }
        }
        return all;
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory; the rename is still atomic there
        }
    }
}
