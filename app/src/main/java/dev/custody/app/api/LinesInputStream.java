package dev.custody.app.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * NDJSON as a lazily read stream: each line of {@code lines} as UTF-8 plus {@code "\n"}, fetched only
 * when the server needs more bytes, so a whole chain is sent in constant memory. Closing it closes
 * the source.
 */
final class LinesInputStream extends InputStream {

    private final Iterator<String> lines;
    private final AutoCloseable source;
    private byte[] current = new byte[0];
    private int pos;
    private boolean closed;

    LinesInputStream(Iterator<String> lines, AutoCloseable source) {
        this.lines = lines;
        this.source = source;
    }

    /**
     * @throws IOException when the source fails (a store error, an access record that cannot be written): the
     *     server then closes the connection, so the client sees a cut stream, never a complete-looking one
     */
    private boolean fill() throws IOException {
        try {
            return fillFromSource();
        } catch (RuntimeException e) {
            throw new IOException("the record stream failed: " + e.getMessage(), e);
        }
    }

    private boolean fillFromSource() {
        while (pos >= current.length) {
            if (closed || !lines.hasNext()) {
                return false;
            }
            current = (lines.next() + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len && fill()) {
            int k = Math.min(len - n, current.length - pos);
            System.arraycopy(current, pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                source.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the record stream failed", e);
            }
        }
    }
}
