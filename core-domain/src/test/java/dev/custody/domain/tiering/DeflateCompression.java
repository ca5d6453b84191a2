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
        Inflater i = new Inflater();
        i.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) {
                    throw new IllegalArgumentException("truncated deflate stream");
                }
                out.write(buf, 0, n);
                if (out.size() > maxSize) {
                    throw new IllegalArgumentException("more than " + maxSize + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } finally {
            i.end();
        }
    }
}
