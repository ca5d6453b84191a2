package dev.custody.adapters.file;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer of one chain: its lock, its published {@link ChainState} and, from its first append, an open channel
 * on its newest day file. Appends to different chains never wait for each other. A store keeps a bounded number of
 * these open ({@link OpenChains}); a closed one is recovered into a new one at the chain's next use.
 */
final class ChainLog {

    private final ChainId chain;
    private final Path realRoot;
    private final Path dir;
    private final LineCodec codec;
    private final AppendChannels channels;
    private final ReentrantLock lock = new ReentrantLock();
    private final ChainUnreadableException unreadable;
    private volatile ChainState state;

    // written under lock; volatile so that OpenChains can count open channels without waiting for an append
    private volatile FileChannel newest;

    // guarded by lock
    private boolean dirReady;
    private long newestSize;
    private String broken;
    private boolean closed;

    /**
     * A chain as recovery found it; {@code unreadable} when it could not read it (see {@link ChainRecovery.Recovered}).
     * Its day files are opened for appending through {@code channels}.
     */
    ChainLog(ChainId chain, Path realRoot, Path dir, ChainState state, LineCodec codec, ChainUnreadableException unreadable,
            AppendChannels channels) {
        this.chain = chain;
        this.channels = channels;
        this.codec = codec;
        this.realRoot = realRoot;
        this.dir = dir;
        this.state = state;
        this.unreadable = unreadable;
    }

    /** The chain as of the last durable append. */
    ChainState state() {
        return state;
    }

    /** Whether a channel on the newest day file is open (from the first append until {@link #close()}). */
    boolean holdsChannel() {
        return newest != null;
    }

    /** Whether recovery could not read this chain. */
    boolean unreadable() {
        return unreadable != null;
    }

    /** The seq of the record recovery could not read, or 0. */
    long unreadableSeq() {
        return unreadable == null ? 0 : unreadable.seq();
    }

    /**
     * Throws when recovery could not read this chain: always for an operation that needs the tip ({@code whole}),
     * for a read only when nothing of the chain can be read (otherwise the reader fails at the unreadable record).
     */
    void requireReadable(String operation, boolean whole) {
        if (unreadable != null && (whole || unreadable.seq() == 0)) {
            throw new ChainUnreadableException(chain, unreadable.seq(), operation + " chain " + chain + ": "
                    + (unreadable.seq() == 0 ? "" : "record seq " + unreadable.seq() + " cannot be read: ")
                    + unreadable.getMessage(), unreadable);
        }
    }

    /** Writes {@code batch} if the tip is still {@code expected}; see {@link dev.custody.ports.AuditStore#append}. */
    AppendResult append(ChainTip expected, Batch batch) {
        lock.lock();
        try {
            if (closed) {
                throw new AuditStoreException("append to chain " + chain + ": the file store is closed");
            }
            requireReadable("append to", true);
            if (broken != null) {
                throw new AuditStoreException("append to chain " + chain + ": " + broken);
            }
            ChainState s = state;
            if (!s.tip().sameAs(expected)) {
                return new AppendResult.Conflict(s.tip());
            }
            DayFile last = s.newest();
            if (last != null && batch.firstDay().isBefore(last.day())) {
                throw new IllegalArgumentException("seq " + (expected.seq() + 1) + " of chain " + chain
                        + " is recorded on " + batch.firstDay() + ", before the chain's newest day " + last.day()
                        + "; recorded_at must not go back a UTC day within a chain");
            }
            state = write(s, batch);
            return new AppendResult.Appended(state.tip());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the records with seq &lt; {@code seq}, never the tip (retention, ADR 0074). Holds the chain's
     * lock, so appends to this chain wait; other chains do not. Day files wholly below the cut are deleted
     * oldest first, each deletion made durable before the next, so a crash leaves a contiguous suffix; the
     * one file that straddles the cut is then rewritten through {@link PurgeRewrite}.
     *
     * @return how many records were removed
     */
    long purgeBefore(long seq) {
        lock.lock();
        try {
            if (closed) {
                throw new AuditStoreException("purge chain " + chain + ": the file store is closed");
            }
            requireReadable("purge", true);
            if (broken != null) {
                throw new AuditStoreException("purge chain " + chain + ": " + broken);
            }
            ChainState s = state;
            if (s.files().isEmpty()) {
                return 0;
            }
            long cut = Math.min(seq, s.tip().seq());
            long first = s.files().get(0).firstSeq();
            if (cut <= first) {
                return 0;
            }
            List<DayFile> files = new ArrayList<>(s.files());
            Path current = null;
            try {
                while (files.size() > 1 && files.get(1).firstSeq() <= cut) {
                    current = files.get(0).path();
                    Files.delete(current);
                    files.remove(0);
                    state = new ChainState(s.tip(), files);
                    Directories.sync(dir);
                }
                DayFile straddling = files.get(0);
                if (straddling.firstSeq() < cut) {
                    current = straddling.path();
                    boolean isNewest = straddling.equals(s.newest());
                    long limit = isNewest && newest != null ? newestSize : -1;
                    PurgeRewrite.keepFrom(straddling, cut, limit, codec, () -> {
                        if (isNewest) {
                            closeQuietly(newest);
                            newest = null;
                        }
                        files.set(0, new DayFile(straddling.day(), straddling.path(), cut));
                        state = new ChainState(s.tip(), files);
                    });
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof AuditStoreException a) {
                    throw a;
                }
                throw new AuditStoreException("purge chain " + chain + " before seq " + cut + ": cannot purge "
                        + current + ": " + e.getMessage() + "; the records still stored are intact", e);
            }
            return cut - first;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the newest file; later appends fail. Waits for an append in progress. */
    void close() throws IOException {
        lock.lock();
        try {
            closed = true;
            if (newest != null) {
                newest.close();
                newest = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private record Written(Path path, FileChannel channel, long sizeBefore, boolean created) {
    }

    private ChainState write(ChainState s, Batch batch) {
        List<DayFile> files = new ArrayList<>(s.files());
        List<Written> written = new ArrayList<>();
        Path file = null;
        try {
            for (Batch.Run run : batch.runs()) {
                DayFile last = files.isEmpty() ? null : files.get(files.size() - 1);
                if (last != null && last.day().equals(run.day())) {
                    file = last.path();
                    written.add(new Written(file, openNewest(file), newestSize, false));
                } else {
                    file = StorePaths.dayFile(dir, run.day());
                    written.add(new Written(file, create(file), 0, true));
                    files.add(new DayFile(run.day(), file, run.firstSeq()));
                }
                Written w = written.get(written.size() - 1);
                ByteBuffer buf = ByteBuffer.wrap(run.bytes());
                long pos = w.sizeBefore();
                while (buf.hasRemaining()) {
                    pos += w.channel().write(buf, pos);
                }
                w.channel().force(false);
            }
        } catch (IOException | RuntimeException e) {
            undo(written, e);
            if (e instanceof AuditStoreException a) {
                throw a;
            }
            throw new AuditStoreException("append to chain " + chain + ": cannot write " + file + ": "
                    + e.getMessage(), e);
        }
        Written last = written.get(written.size() - 1);
        for (Written w : written) {
            if (w.created() && w != last) {
                closeQuietly(w.channel());
            }
        }
        if (last.created()) {
            closeQuietly(newest);
            newest = last.channel();
        }
        newestSize = last.sizeBefore() + batch.runs().get(batch.runs().size() - 1).bytes().length;
        return new ChainState(batch.tip(), files);
    }

    /** Takes back a failed batch: truncates grown files, deletes created ones; the tip stays. */
    private void undo(List<Written> written, Exception cause) {
        for (int i = written.size() - 1; i >= 0; i--) {
            Written w = written.get(i);
            try {
                if (w.created()) {
                    w.channel().close();
                    Files.deleteIfExists(w.path());
                    Directories.sync(dir);
                } else {
                    w.channel().truncate(w.sizeBefore());
                    w.channel().force(true);
                }
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
                broken = "a failed append could not be taken back from " + w.path() + " (" + e.getMessage()
                        + "); reopen the store so recovery repairs the file";
            }
        }
    }

    private FileChannel openNewest(Path file) throws IOException {
        if (newest == null) {
            FileChannel ch = channels.openExisting(file);
            newestSize = ch.size();
            newest = ch;
        }
        return newest;
    }

    private FileChannel create(Path file) throws IOException {
        ensureDir();
        FileChannel ch = channels.createNew(file);
        try {
            Directories.sync(dir);
        } catch (IOException e) {
            closeQuietly(ch);
            Files.deleteIfExists(file);
            throw e;
        }
        return ch;
    }

    private void ensureDir() throws IOException {
        if (dirReady) {
            return;
        }
        StorePaths.checkReal(realRoot, dir);
        boolean existed = Files.isDirectory(dir);
        PrivateFiles.createDirectories(dir);
        StorePaths.checkReal(realRoot, dir);
        if (!existed) {
            try {
                Directories.sync(dir.getParent());
                Directories.sync(realRoot);
            } catch (IOException e) {
                // Take the new, empty directory back: the next attempt must create it again and sync it, or its entry
                // might not survive a crash (a sync refused for want of a descriptor is not rare any more).
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        dirReady = true;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // the data is durable already; a failed close only leaks a descriptor
        }
    }
}
