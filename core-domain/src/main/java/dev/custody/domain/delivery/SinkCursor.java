package dev.custody.domain.delivery;

import dev.custody.ports.ChainId;
import dev.custody.ports.spi.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last delivered seq per chain of one sink (ADR 0128): a sorted {@link CursorSnapshot snapshot} ({@code cursor})
 * and a log of the advances since it was written ({@code cursor.log}, {@code namespace/tenant seq} per line, appended
 * and forced before {@link #advance} returns). An advance costs one line, however many chains the sink has seen. The
 * log is merged into a new snapshot once it reaches a sixteenth of the snapshot's size (at least
 * {@value #MIN_LOG_BYTES} bytes), so the snapshot is rewritten about once per sixteen lines' worth of advances, and
 * when the cursor has been idle; a crash between the snapshot's rename and the log's truncation replays the log again,
 * which changes nothing (the higher seq wins).
 *
 * <p>Memory: the log's entries (bounded by the merge threshold), the {@value #CACHE} most recent lookups and the
 * snapshot's sparse index (at most {@value SparseIndex#MAX_BLOCKS} entries); all are dropped when the cursor is idle.
 * Nothing is read at open but the log.
 */
final class SinkCursor implements AutoCloseable {

    static final String LOG_SUFFIX = ".log";
    /** The log is merged into the snapshot once it holds this many bytes, or a sixteenth of the snapshot if more. */
    static final long MIN_LOG_BYTES = 64 * 1024;
    /** Lookups of the snapshot kept in memory. */
    static final int CACHE = 1024;

    private final CursorSnapshot snapshot;
    private final Path logFile;
    private final Clock clock;
    private final FileChannel log;
    private final long minLogBytes;
    private long logBytes;
    /** The chains advanced since the snapshot was written (their lines are in the log). */
    private final Map<ChainId, Long> logged = new HashMap<>();
    private final Map<ChainId, Long> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ChainId, Long> eldest) {
            return size() > CACHE;
        }
    };
    /** Clock millis of the last advance and of the last lookup. */
    private long lastAdvance;
    private long lastLookup;

    private SinkCursor(CursorSnapshot snapshot, Path logFile, FileChannel log, Clock clock, long minLogBytes) {
        this.snapshot = snapshot;
        this.logFile = logFile;
        this.log = log;
        this.clock = clock;
        this.minLogBytes = minLogBytes;
        this.lastAdvance = clock.millis();
        this.lastLookup = lastAdvance;
    }

    /**
     * Opens the cursor at {@code file} (its log beside it): a missing file means nothing was delivered yet; a file of
     * version 1 is converted.
     */
    static SinkCursor open(Path file, Clock clock) {
        return open(file, clock, MIN_LOG_BYTES);
    }

    /** As {@link #open(Path, Clock)}, merging the log once it holds {@code minLogBytes} (tests merge often). */
    static SinkCursor open(Path file, Clock clock, long minLogBytes) {
        CursorSnapshot snapshot = null;
        FileChannel log = null;
        try {
            PrivateFiles.createDirectories(file.getParent());
            snapshot = CursorSnapshot.open(file);
            Path logFile = file.resolveSibling(file.getFileName() + LOG_SUFFIX);
            boolean created = !Files.exists(logFile);
            log = PrivateFiles.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created) {
                CursorSnapshot.forceDirectory(file.getParent());
            }
            SinkCursor c = new SinkCursor(snapshot, logFile, log, clock, minLogBytes);
            c.replay();
            if (c.logBytes >= c.mergeThreshold()) {
                c.merge();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            if (snapshot != null) {
                snapshot.close();
            }
            closeQuietly(log);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot open sink cursor " + file, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The last delivered seq of {@code chain}, 0 when none. */
    synchronized long get(ChainId chain) {
        lastLookup = clock.millis();
        Long seq = logged.get(chain);
        if (seq == null) {
            seq = cache.get(chain);
        }
        if (seq == null) {
            seq = snapshot.find(chain);
            cache.put(chain, seq);
        }
        return seq;
    }

    /** Records {@code seq} as delivered for {@code chain}, durably. */
    synchronized void advance(ChainId chain, long seq) {
        lastAdvance = clock.millis();
        byte[] line = (chain + " " + seq + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buf = ByteBuffer.wrap(line);
            long at = logBytes;
            while (buf.hasRemaining()) {
                at += log.write(buf, at);
            }
            log.force(false);
        } catch (IOException e) {
            try {
                log.truncate(logBytes);   // no torn line behind the next one
            } catch (IOException ignored) {
                // the next open cuts a torn last line
            }
            throw new UncheckedIOException("Cannot save sink cursor " + logFile, e);
        }
        logBytes += line.length;
        logged.put(chain, seq);
        cache.remove(chain);
        if (logBytes >= mergeThreshold()) {
            merge();
        }
    }

    /**
     * Merges the log into the snapshot (emptying memory of the chains advanced) when the last advance was at or before
     * {@code cutoffMillis}, and drops the lookups kept and the snapshot's index when the last lookup was.
     *
     * @return how many chains' entries were dropped from memory
     */
    synchronized int releaseIfIdle(long cutoffMillis) {
        int released = 0;
        if (lastAdvance <= cutoffMillis && !logged.isEmpty()) {
            released += logged.size() + cache.size();
            merge();   // empties the cache too: the snapshot changed
        }
        if (lastLookup <= cutoffMillis) {
            released += cache.size();
            cache.clear();
            snapshot.release();
        }
        return released;
    }

    /** Chains whose seq memory holds now (advanced since the last merge, or looked up lately). */
    synchronized int heldChains() {
        return logged.size() + cache.size();
    }

    @Override
    public synchronized void close() {
        snapshot.close();
        closeQuietly(log);
    }

    private long mergeThreshold() {
        return Math.max(minLogBytes, snapshot.size() / 16);
    }

    /** Writes a new snapshot with the log's entries, then empties the log (replaying it again would change nothing). */
    private void merge() {
        snapshot.merge(new TreeMap<>(logged));
        try {
            log.truncate(0);
            log.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty the sink cursor log " + logFile, e);
        }
        logBytes = 0;
        logged.clear();
        cache.clear();
    }

    /** Reads the log into memory; cuts a torn last line (never acknowledged); refuses a corrupt line in the middle. */
    private void replay() throws IOException {
        long size = log.size();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long at = 0;
        long lineStart = 0;
        while (at < size) {
            buf.clear();
            int n = log.read(buf, at);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                Map.Entry<ChainId, Long> e = CursorSnapshot.entry(logFile, line.toString(StandardCharsets.UTF_8));
                logged.merge(e.getKey(), e.getValue(), Math::max);
                line.reset();
                lineStart = at + i + 1;
            }
            at += n;
        }
        if (lineStart < size) {
            log.truncate(lineStart);
            log.force(true);
        }
        logBytes = lineStart;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // nothing unwritten: every line was forced
        }
    }
}
