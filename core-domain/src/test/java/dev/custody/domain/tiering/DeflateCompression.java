package dev.custody.domain.tiering;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** A real codec for domain tests (the service uses zstd, which is not plain Java). */
final class DeflateCompression implements SegmentCompression {

    @Override
    public String name() {
        return "deflate";
    }

    @Override
    public byte[] compress(byte[] data) {
        Deflater d = new Deflater(1);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] compressed, long maxSize) {
        Partial p = decompressPartially(compressed, maxSize);
        if (p.error() != null) {
            throw new IllegalArgumentException(p.error());
        }
        return p.data();
    }

    @Override
    public Partial decompressPartially(byte[] compressed, long maxSize) {
        Inflater i = new Inflater();
        i.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) {
                    return new Partial(out.toByteArray(), "truncated deflate stream");
                }
                out.write(buf, 0, n);
                if (out.size() > maxSize) {
                    return new Partial(out.toByteArray(), "more than " + maxSize + " bytes");
                }
            }
            return new Partial(out.toByteArray(), null);
        } catch (DataFormatException e) {
            return new Partial(out.toByteArray(), e.getMessage());
        } finally {
            i.end();
        }
    }
}
