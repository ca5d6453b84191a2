package dev.custody.adapters.file;

import dev.custody.ports.spi.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Rewrites the day file that straddles a purge cut, crash-safely: the kept lines are copied byte for
 * byte (a sealed line is bound to its chain and seq, not to its file) to {@code <day>.jsonl.purge} in the
 * same directory, which is fsync'ed and renamed atomically over the original; then the directory is
 * synced. A crash leaves either the original file (and perhaps the temporary file, which
 * {@link ChainRecovery} deletes) or the rewritten one, never a mix.
 */
final class PurgeRewrite {

    private static final int CHUNK = 8192;

    private PurgeRewrite() {
    }

    /**
     * Keeps the lines of {@code file} from seq {@code cut} on.
     *
     * @param limit the file's length to keep up to, or -1 for its current size (an append channel may
     *     know a length the size already has)
     * @param afterRename run once the rewritten file has replaced the original, before the directory sync
     * @throws IOException when the file cannot be read or rewritten, or line {@code cut} does not hold seq
     *     {@code cut}; then the original file is unchanged
     */
    static void keepFrom(DayFile file, long cut, long limit, LineCodec codec, Runnable afterRename)
            throws IOException {
        Path original = file.path();
        Path temp = StorePaths.purgeTemp(original);
        try {
            try (FileChannel in = FileChannel.open(original, StandardOpenOption.READ);
                    FileChannel out = PrivateFiles.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = limit >= 0 ? limit : in.size();
                long from = offsetOfLine(in, size, cut - file.firstSeq());
                long stored = codec.seqOf(new String(lineAt(in, from, size), StandardCharsets.UTF_8));
                if (stored != cut) {
                    throw new IOException("the line for seq " + cut + " holds seq " + stored
                            + "; the file was changed outside Custody");
                }
                long pos = from;
                while (pos < size) {
                    long n = in.transferTo(pos, size - pos, out);
                    if (n <= 0) {
                        throw new IOException("copy stopped at offset " + pos + " of " + size);
                    }
                    pos += n;
                }
                out.force(true);
            }
            Files.move(temp, original, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        afterRename.run();
        Directories.sync(original.getParent());
    }

    /** The offset just after the {@code lines}-th {@code '\n'} of the first {@code size} bytes. */
    private static long offsetOfLine(FileChannel ch, long size, long lines) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = 0;
        long seen = 0;
        while (seen < lines) {
            if (pos >= size) {
                throw new IOException("ends after " + seen + " lines, before line " + (lines + 1));
            }
            buf.clear().limit((int) Math.min(CHUNK, size - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                throw new IOException("unexpected end of file at offset " + pos);
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n' && ++seen == lines) {
                    return pos + i + 1;
                }
            }
            pos += n;
        }
        return pos;
    }

    /** The line that starts at {@code from}, without its {@code '\n'}. */
    private static byte[] lineAt(FileChannel ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long pos = from;
        while (pos < size && line.size() <= TailRepair.MAX_LINE_BYTES) {
            buf.clear().limit((int) Math.min(CHUNK, size - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    line.write(buf.array(), 0, i);
                    return line.toByteArray();
                }
            }
            line.write(buf.array(), 0, n);
            pos += n;
        }
        throw new IOException("no complete line at offset " + from);
    }
}
