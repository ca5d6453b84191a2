package dev.custody.domain.tiering;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How archive segments are compressed. The domain stays plain Java; the service supplies the codec
 * (zstd, ADR 0051).
 */
public interface SegmentCompression {

    /** The name written into manifests ({@code zstd}). */
    String name();

    /** The compressed form of {@code data}. */
    byte[] compress(byte[] data);

    /**
     * The data of {@code compressed}.
     *
     * @param maxSize refuse output larger than this (a damaged or hostile object cannot exhaust memory)
     * @throws IllegalArgumentException when the bytes are not a valid frame or exceed maxSize
     */
    byte[] decompress(byte[] compressed, long maxSize);

    /**
     * A stream that compresses what is written to it into {@code sink} as one object, finished by {@code close()}
     * (which does not close {@code sink}). A streaming codec holds only its window, so archival never holds a
     * segment uncompressed (ADR 0121). This default collects the data and compresses it at close.
     */
    default OutputStream compressing(OutputStream sink) {
        java.util.Objects.requireNonNull(sink, "sink is null");
        return new FilterOutputStream(new ByteArrayOutputStream(1 << 16)) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    sink.write(compress(((ByteArrayOutputStream) out).toByteArray()));
                }
            }
        };
    }

    /**
     * The data of {@code compressed}, decoded as it is read; a damaged or truncated object makes a read throw
     * {@link IOException}. This default decodes everything at the first read.
     */
    default InputStream decompressing(byte[] compressed) {
        java.util.Objects.requireNonNull(compressed, "compressed is null");
        return new InputStream() {
            private InputStream data;

            private InputStream data() throws IOException {
                if (data == null) {
                    try {
                        data = new ByteArrayInputStream(decompress(compressed, Integer.MAX_VALUE - 16));
                    } catch (IllegalArgumentException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
                return data;
            }

            @Override
            public int read() throws IOException {
                return data().read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return data().read(b, off, len);
            }
        };
    }

    /**
     * As much of {@code compressed} as can be decoded, for describing a damaged object (forensics): a streaming
     * codec returns the data it decoded before the damage. This default decodes all or nothing.
     *
     * @param maxSize decode at most this much; more is reported as the error
     */
    default Partial decompressPartially(byte[] compressed, long maxSize) {
        try {
            return new Partial(decompress(compressed, maxSize), null);
        } catch (IllegalArgumentException e) {
            return new Partial(new byte[0], e.getMessage());
        }
    }

    /**
     * Decoded data and why decoding stopped early.
     *
     * @param data what was decoded
     * @param error null when the object decoded completely, otherwise why decoding stopped
     */
    record Partial(byte[] data, String error) {
        public Partial {
            java.util.Objects.requireNonNull(data, "data is null");
        }
    }
}
