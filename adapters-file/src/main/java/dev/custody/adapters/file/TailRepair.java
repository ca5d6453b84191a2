package dev.custody.adapters.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Predicate;

/**
 * Cuts what a crash mid-write can leave at the end of a day file: a line without its {@code '\n'},
 * then complete lines the caller's test rejects (NUL bytes from unwritten blocks, a fragment: not a JSON
 * object at all, see {@link ChainRecovery#isComplete}). Bounded: more than {@link #MAX_DROPPED_LINES} bad
 * lines is not a torn write, and nothing is cut.
 */
final class TailRepair {

    static final int MAX_DROPPED_LINES = 64;

    /** Longer than any stored line can be (a sealed record of {@link dev.custody.ports.RecordLimits#MAX}); a longer "line" is garbage. */
    static final int MAX_LINE_BYTES = 64 << 20;

    private static final int CHUNK = 8192;

    private TailRepair() {
    }

    /**
     * What {@link #repair} did.
     *
     * @param bytesRemoved how many bytes were cut off the end
     * @param linesDropped how many complete but invalid lines were among them
     * @param size the file's size now
     * @param lastLine the last line now, without its {@code '\n'}, or null when the file is empty
     */
    record Outcome(long bytesRemoved, int linesDropped, long size, byte[] lastLine) {
    }

    /**
     * Cuts the torn tail of {@code file}, keeping everything up to the last line {@code valid} accepts,
     * and makes the cut durable.
     *
     * @throws IOException on I/O failure, or when more than {@link #MAX_DROPPED_LINES} lines would go
     *     (then the file is unchanged)
     */
    static Outcome repair(Path file, Predicate<byte[]> valid) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long original = ch.size();
            long size = original;
            if (size > 0 && byteAt(ch, size - 1) != '\n') {
                size = lastNewline(ch, size) + 1;
            }
            int dropped = 0;
            byte[] line = null;
            while (size > 0) {
                long start = lastNewline(ch, size - 1) + 1;
                line = size - 1 - start > MAX_LINE_BYTES ? null : read(ch, start, (int) (size - 1 - start));
                if (line != null && valid.test(line)) {
                    break;
                }
                line = null;
                if (++dropped > MAX_DROPPED_LINES) {
                    throw new IOException("more than " + MAX_DROPPED_LINES + " invalid lines end " + file
                            + "; that is not a torn write, so nothing was cut");
                }
                size = start;
            }
            if (size < original) {
                ch.truncate(size);
                ch.force(true);
            }
            return new Outcome(original - size, dropped, size, line);
        }
    }

    /** The first line of a non-empty file that ends with {@code '\n'}, without it. */
    static byte[] firstLine(FileChannel ch) throws IOException {
        long size = ch.size();
        long pos = 0;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        while (pos < size && pos <= MAX_LINE_BYTES) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return read(ch, 0, (int) (pos + i));
                }
            }
            pos += n;
        }
        throw new IOException("no complete line within the first " + Math.min(size, pos) + " bytes");
    }

    /** The last line of a non-empty file of {@code size} bytes that ends with {@code '\n'}, without it. */
    static byte[] lastLine(FileChannel ch, long size) throws IOException {
        long start = lastNewline(ch, size - 1) + 1;
        if (size - 1 - start > MAX_LINE_BYTES) {
            throw new IOException("the last line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        return read(ch, start, (int) (size - 1 - start));
    }

    /** The offset of the last {@code '\n'} before {@code end}, or -1. */
    private static long lastNewline(FileChannel ch, long end) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = end;
        while (pos > 0) {
            int len = (int) Math.min(CHUNK, pos);
            long from = pos - len;
            buf.clear().limit(len);
            readFully(ch, buf, from);
            for (int i = len - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i;
                }
            }
            pos = from;
        }
        return -1;
    }

    private static byte byteAt(FileChannel ch, long pos) throws IOException {
        return read(ch, pos, 1)[0];
    }

    private static byte[] read(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        readFully(ch, buf, pos);
        return buf.array();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long at = pos;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at offset " + at);
            }
            at += n;
        }
    }
}
