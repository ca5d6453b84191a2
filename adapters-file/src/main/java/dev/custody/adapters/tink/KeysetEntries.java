package dev.custody.adapters.tink;

import static dev.custody.adapters.tink.KeysetFile.BINARY;
import static dev.custody.adapters.tink.KeysetFile.ERASED;
import static dev.custody.adapters.tink.KeysetFile.HEAD;
import static dev.custody.adapters.tink.KeysetFile.JSON;
import static dev.custody.adapters.tink.KeysetFile.LIVE;
import static dev.custody.adapters.tink.KeysetFile.MAX_BODY;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** The byte form of one {@link KeysetFile} entry: encoding, checked decoding, and a forward scanner. */
final class KeysetEntries {

    private static final int MAX_NAME = 128;

    private KeysetEntries() {
    }

    static ByteBuffer encode(KeysetFile.Entry e) {
        byte[] name = e.name().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate((int) e.length());
        buf.put(LIVE).put(e.format()).put((byte) name.length).put((byte) 0).putInt(e.body().length).putLong(e.lineage())
                .put(name).put(e.body());
        buf.putInt(crc(buf.array(), HEAD + name.length + e.body().length));
        return buf.flip();
    }

    /** The live entry in {@code all} (exactly one entry's bytes), or null when it is not a valid live entry. */
    static KeysetFile.Entry decode(long offset, ByteBuffer all) {
        Probe p = probe(all, 0, all.limit());
        if (p == null || p.state() != LIVE) {
            return null;
        }
        byte[] body = new byte[all.getInt(4)];
        all.get(HEAD + p.name().length(), body);
        return new KeysetFile.Entry(offset, all.get(1), p.name(), all.getLong(8), body);
    }

    /** Overwrites {@code length} bytes at {@code offset} with zeros (not synced). */
    static void zero(FileChannel ch, long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, 1 << 16));
        long at = offset;
        while (at < offset + length) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), offset + length - at));
            while (zeros.hasRemaining()) {
                at += ch.write(zeros, at);
            }
        }
    }

    /**
     * What starts at a position: a live entry whose checksum holds, or an erased entry (and whether its erasure
     * finished: lineage to end all zeros).
     */
    record Probe(byte state, String name, long length, boolean zeroed) {
    }

    /** The entry at {@code at} in {@code buf}, which holds bytes up to {@code limit}, or null when none is there. */
    static Probe probe(ByteBuffer buf, int at, int limit) {
        if (limit - at < HEAD) {
            return null;
        }
        byte state = buf.get(at);
        byte format = buf.get(at + 1);
        int nameLength = buf.get(at + 2) & 0xff;
        int bodyLength = buf.getInt(at + 4);
        if (state != LIVE && state != ERASED || format != BINARY && format != JSON || nameLength == 0
                || nameLength > MAX_NAME || buf.get(at + 3) != 0 || bodyLength < 0 || bodyLength > MAX_BODY) {
            return null;
        }
        int length = HEAD + nameLength + bodyLength + 4;
        if (limit - at < length) {
            return null;
        }
        if (state == ERASED) {
            boolean zeroed = true;
            for (int i = at + 8; i < at + length && zeroed; i++) {
                zeroed = buf.get(i) == 0;
            }
            return new Probe(state, null, length, zeroed);
        }
        byte[] bytes = new byte[length - 1];
        buf.get(at + 1, bytes);
        if (crc(bytes, 0, length - 5) != buf.getInt(at + length - 4)) {
            return null;
        }
        String name = new String(bytes, HEAD - 1, nameLength, StandardCharsets.US_ASCII);
        return TinkKeyStore.validName(name) ? new Probe(state, name, length, true) : null;
    }

    private static int crc(byte[] entry, int end) {
        return crc(entry, 1, end - 1);
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, from, length);
        return (int) c.getValue();
    }

    /** Reads a file forwards through a window large enough for any entry. */
    static final class Scanner {
        private static final int WINDOW = 2 * (MAX_BODY + 512);

        private final FileChannel ch;
        private final long size;
        private final ByteBuffer buf = ByteBuffer.allocate(WINDOW);
        private long start = -1;

        Scanner(FileChannel ch, long size) {
            this.ch = ch;
            this.size = size;
        }

        /** The entry at {@code pos}, or null when none valid is there. */
        Probe probe(long pos) throws IOException {
            if (start < 0 || pos < start || pos + MAX_BODY + 512 > start + buf.limit() && start + buf.limit() < size) {
                fill(pos);
            }
            return KeysetEntries.probe(buf, (int) (pos - start), buf.limit());
        }

        /** The first position at or after {@code from} where a valid live entry starts, or -1. */
        long nextValid(long from) throws IOException {
            for (long p = from; p + HEAD <= size; p++) {
                Probe found = probe(p);
                if (found != null && found.state() == LIVE) {
                    return p;
                }
            }
            return -1;
        }

        private void fill(long pos) throws IOException {
            buf.clear();
            buf.limit((int) Math.min(WINDOW, size - pos));
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    break;
                }
            }
            buf.flip();
            start = pos;
        }
    }
}
