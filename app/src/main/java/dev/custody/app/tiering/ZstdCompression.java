package dev.custody.app.tiering;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.custody.domain.tiering.SegmentCompression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Segments as one zstd frame (level 3, one thread), readable with the {@code zstd} command. Archival streams
 * records through {@link #compressing} (the frame then has no content size in its header, ADR 0121); whole
 * arrays ({@link #compress}) carry it. Decompression streams and stops at {@code maxSize}, so a damaged or
 * hostile frame cannot exhaust memory.
 */
public final class ZstdCompression implements SegmentCompression {

    private final int level;

    public ZstdCompression(int level) {
        this.level = level;
    }

    /** Level 3, zstd's default. */
    public ZstdCompression() {
        this(3);
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public byte[] compress(byte[] data) {
        return Zstd.compress(data, level);
    }

    /** Compresses as the data arrives: memory is zstd's window and buffers, not the segment. */
    @Override
    public OutputStream compressing(OutputStream sink) {
        try {
            ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(sink, RecyclingBufferPool.INSTANCE, level);
            return new FilterOutputStream(zstd) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    zstd.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    zstd.closeWithoutClosingParentStream();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a zstd frame", e);
        }
    }

    /** Decodes as it is read; a damaged block or a truncated frame makes the read throw, as {@link #decompress} words it. */
    @Override
    public InputStream decompressing(byte[] compressed) {
        ZstdInputStreamNoFinalizer zstd;
        try {
            zstd = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(compressed), RecyclingBufferPool.INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start reading a zstd frame", e);
        }
        return new FilterInputStream(zstd) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return zstd.read(b, off, len);
                } catch (IOException | RuntimeException e) {
                    throw new IOException("not a valid zstd frame: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public byte[] decompress(byte[] compressed, long maxSize) {
        Partial p = decompressPartially(compressed, maxSize);
        if (p.error() != null) {
            throw new IllegalArgumentException(p.error());
        }
        return p.data();
    }

    /** Streams the frame and keeps what was decoded before a damaged block or the end of a truncated object. */
    @Override
    public Partial decompressPartially(byte[] compressed, long maxSize) {
        long declared = compressed.length >= 4 ? Zstd.getFrameContentSize(compressed) : -1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && declared <= maxSize ? (int) declared : 1 << 16);
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + (long) n > maxSize) {
                    out.write(buf, 0, (int) (maxSize - out.size()));
                    return new Partial(out.toByteArray(), "decompressed data exceeds " + maxSize + " bytes");
                }
                out.write(buf, 0, n);
            }
            return new Partial(out.toByteArray(), null);
        } catch (IOException | RuntimeException e) {
            return new Partial(out.toByteArray(), "not a valid zstd frame: " + e.getMessage());
        }
    }
}
