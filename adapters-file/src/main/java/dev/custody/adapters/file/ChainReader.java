package dev.custody.adapters.file;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainUnreadableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads the lines of a chain with {@code fromSeq <= seq <= toSeq} from its day files, in order, opening
 * one file at a time. A line's seq is counted, not parsed: lines are contiguous seqs, starting at each
 * file's {@link DayFile#firstSeq}. {@link #record()} checks the count against every record;
 * {@link #json()} checks it where it is cheap (the first line read from each file and the last line).
 */
final class ChainReader implements AutoCloseable {

    private final ChainId chain;
    private final String operation;
    private final List<DayFile> files;
    private final long fromSeq;
    private final long toSeq;
    private final LineCodec codec;
    private final long unreadableSeq;
    private final Opener opener;

    private int fileIndex = -1;
    private BufferedReader reader;
    private Path path;
    private long lineNumber;
    private long seq;
    private long lastSeq;
    private boolean firstFromFile;
    private String line;
    private boolean done;

    /** How a reader opens a day file; the store's retries once when the process is out of descriptors. */
    @FunctionalInterface
    interface Opener {
        BufferedReader open(Path file) throws IOException;
    }

    /** Opens each file as it is. */
    static final Opener FILES = file -> Files.newBufferedReader(file, StandardCharsets.UTF_8);

    /** {@code files} in seq order, from the one that holds {@code fromSeq}; {@code toSeq} at most the tip. */
    ChainReader(ChainId chain, String operation, List<DayFile> files, long fromSeq, long toSeq, LineCodec codec) {
        this(chain, operation, files, fromSeq, toSeq, codec, 0, FILES);
    }

    /**
     * The same, {@link #json()} decoding the line of {@code unreadableSeq} (recovery could not read it; 0: none), the
     * files opened by {@code opener}.
     */
    ChainReader(ChainId chain, String operation, List<DayFile> files, long fromSeq, long toSeq, LineCodec codec,
            long unreadableSeq, Opener opener) {
        this.opener = opener;
        this.unreadableSeq = unreadableSeq;
        this.codec = codec;
        this.chain = chain;
        this.operation = operation;
        this.files = List.copyOf(files);
        this.fromSeq = fromSeq;
        this.toSeq = toSeq;
    }

    /** Moves to the next line in range; false (and every file closed) when there is none. */
    boolean advance() {
        while (!done) {
            if (reader == null && !openNext()) {
                close();
                return false;
            }
            if (seq >= toSeq) {
                close();
                return false;
            }
            String next = readLine();
            if (next == null) {
                closeFile();
                continue;
            }
            lineNumber++;
            seq++;
            if (seq >= fromSeq) {
                line = next;
                lastSeq = seq;
                return true;
            }
        }
        return false;
    }

    /** The current line as a record, checked to hold the counted seq. */
    AuditRecord record() {
        AuditRecord r;
        try {
            r = RecordLines.parse(chain, codec.open(chain, seq, line));
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (r.seq() != seq) {
            throw mismatch(r.seq());
        }
        firstFromFile = false;
        return r;
    }

    /**
     * The current line as stored; its seq is checked on the first line of a file and the last line, and the line
     * recovery could not read is decoded, so it fails naming its file and line.
     */
    String json() {
        if (seq == unreadableSeq) {
            record();
        }
        if (!codec.plain()) {
            try {
                firstFromFile = false;
                return codec.open(chain, seq, line);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        if (firstFromFile || seq == toSeq) {
            long stored;
            try {
                stored = RecordLines.seqOf(line);
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (stored != seq) {
                throw mismatch(stored);
            }
        }
        firstFromFile = false;
        return line;
    }

    /** The current line exactly as stored (sealed, for {@code encrypted-file}), unchecked. */
    String line() {
        return line;
    }

    /** The lines in range as a lazy stream that closes its file when closed. */
    <T> Stream<T> stream(Function<ChainReader, T> read) {
        Iterator<T> it = new Iterator<>() {
            private boolean ready;

            @Override
            public boolean hasNext() {
                if (!ready) {
                    ready = advance();
                }
                return ready;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return read.apply(ChainReader.this);
            }
        };
        int characteristics = Spliterator.ORDERED | Spliterator.NONNULL;
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, characteristics), false)
                .onClose(this::close);
    }

    @Override
    public void close() {
        done = true;
        closeFile();
    }

    private boolean openNext() {
        if (++fileIndex >= files.size()) {
            return false;
        }
        DayFile f = files.get(fileIndex);
        if (f.firstSeq() <= lastSeq) {
            throw new ChainUnreadableException(chain, f.firstSeq(), operation + " chain " + chain + ": " + f.path()
                    + " starts at seq " + f.firstSeq() + ", which an older day file already holds", null);
        }
        path = f.path();
        try {
            reader = opener.open(path);
        } catch (IOException e) {
            throw Exhaustion.reported(operation + " chain " + chain, new AuditStoreException(operation + " chain " + chain
                    + ": cannot open " + path + ": " + e.getMessage(), e));
        }
        lineNumber = 0;
        seq = f.firstSeq() - 1;
        firstFromFile = true;
        return true;
    }

    private String readLine() {
        try {
            return reader.readLine();
        } catch (IOException | UncheckedIOException e) {
            throw failure("cannot read", lineNumber + 1, e);
        }
    }

    private void closeFile() {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (IOException e) {
            throw failure("cannot close", lineNumber, e);
        } finally {
            reader = null;
        }
    }

    private RuntimeException failure(String what, long atLine, Exception e) {
        return Exhaustion.reported(operation + " chain " + chain, new AuditStoreException(operation + " chain " + chain
                + ": " + what + " " + path + " line " + atLine + ": " + e.getMessage(), e));
    }

    /** The record at the current line does not decode or decrypt: names the file and the line. */
    private ChainUnreadableException unreadable(IOException e) {
        return new ChainUnreadableException(chain, seq, operation + " chain " + chain + ": " + path + " line " + lineNumber
                + ": " + e.getMessage(), e);
    }

    private ChainUnreadableException mismatch(long stored) {
        return new ChainUnreadableException(chain, seq, operation + " chain " + chain + ": " + path + " line " + lineNumber
                + " holds seq " + stored + " where seq " + seq + " was expected; the file was changed outside"
                + " Custody", null);
    }
}
