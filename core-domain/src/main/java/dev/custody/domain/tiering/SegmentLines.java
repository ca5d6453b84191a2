package dev.custody.domain.tiering;

import dev.custody.ports.RecordLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * The lines of a segment as its data is decoded, each added to the RFC 9162 Merkle tree and counted: memory is
 * one read buffer and one line, not the segment (ADR 0121). Decoding stops at the first error, at a line longer
 * than any stored record can be, or at {@code maxBytes}; {@link #problem()} then says why. Not thread-safe.
 */
final class SegmentLines implements Iterator<String> {

    /** A stored line is the record plus its stored fields (sealed personal fields grow): far below this. */
    static final int MAX_LINE_BYTES = 4 * RecordLimits.CEILING_RECORD_BYTES;
    /** How many lines between two {@code progress} calls. */
    static final int PROGRESS_EVERY = 1_000;

    private final InputStream in;
    private final long maxBytes;
    private final LongConsumer progress;
    private final MerkleTree tree = new MerkleTree();
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long decoded;
    private byte[] partial = new byte[1 << 12];
    private int partialLen;
    private String next;
    private boolean done;
    private String problem;
    private boolean unterminated;

    /**
     * @param in the decoded data
     * @param maxBytes decode at most this much
     * @param progress told the number of lines read so far, every {@value #PROGRESS_EVERY} lines
     */
    SegmentLines(InputStream in, long maxBytes, LongConsumer progress) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = readLine();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        return line;
    }

    /** Reads what is left, so that damage after the lines examined so far is found too. */
    void drain() {
        while (hasNext()) {
            next();
        }
    }

    /** Lines read. */
    long count() {
        return tree.size();
    }

    /** The Merkle root of the lines read. */
    String merkleRoot() {
        return tree.rootHex();
    }

    /** Why decoding stopped before the end of the data (null: it reached the end). */
    String problem() {
        return problem;
    }

    /** Whether data followed the last line feed. */
    boolean unterminated() {
        return unterminated;
    }

    private String readLine() {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    String line = partialLen == 0 ? line(buf, pos, i - pos) : line(append(pos, i - pos), 0, partialLen);
                    partialLen = 0;
                    pos = i + 1;
                    return line;
                }
            }
            if (limit > pos) {
                append(pos, limit - pos);
                if (partialLen > MAX_LINE_BYTES) {
                    problem = "line " + (count() + 1) + " is longer than " + MAX_LINE_BYTES + " bytes";
                    return null;
                }
            }
            pos = 0;
            limit = 0;
            int n;
            try {
                n = in.read(buf);
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
                return null;
            }
            if (n < 0) {
                unterminated = partialLen > 0;
                return null;
            }
            decoded += n;
            if (decoded > maxBytes) {
                problem = "decompressed data exceeds " + maxBytes + " bytes";
                return null;
            }
            limit = n;
        }
    }

    private byte[] append(int from, int len) {
        if (partialLen + len > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLen + len));
        }
        System.arraycopy(buf, from, partial, partialLen, len);
        partialLen += len;
        return partial;
    }

    private String line(byte[] data, int off, int len) {
        tree.add(data, off, len);
        if (tree.size() % PROGRESS_EVERY == 0) {
            progress.accept(tree.size());
        }
        return new String(data, off, len, StandardCharsets.UTF_8);
    }
}
