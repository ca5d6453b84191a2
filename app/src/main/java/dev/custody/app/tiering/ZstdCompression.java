package dev.custody.app.tiering;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.custody.domain.tiering.SegmentCompression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Segments as one zstd frame (level 3, content size in the header), readable with the {@code zstd} command.
 * Decompression streams and stops at {@code maxSize}, so a damaged or hostile frame cannot exhaust memory.
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
