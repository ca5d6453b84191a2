package dev.custody.domain.spool;

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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The spool of one chain: {@code entries.jsonl} (one {@link SpoolEntry} per line, appended and fsync'd before
 * the client is answered) and {@code progress} (how far the entries have been appended to the system of
 * record, and which range is being appended right now). Both are forced to disk before they are relied on,
 * so after a crash the drain resumes where it was and re-checks only the range that was in flight.
 *
 * <p>The entries file is opened for each append or read and closed after it: a spool of many chains holds no file
 * open between operations (each append waits for an {@code fsync} anyway), and its memory is a few counters per
 * chain with events waiting, which the spool's own bounds limit (ADR 0127).
 */
final class ChainSpool {

    /** An entry read back, with the offset just after it. */
    record Read(SpoolEntry entry, long end) {
    }

    static final String ENTRIES = "entries.jsonl";
    static final String PROGRESS = "progress";

    private final ChainId chain;
    private final Path dir;
    /** Bytes of complete entries in the file. */
    private long size;
    /** Offset of the first entry not yet appended to the system of record (durable in {@code progress}). */
    private long next;
    /** End of the range being appended, or -1; with the chain's seq before that append. */
    private long inflightEnd = -1;
    private long inflightAfterSeq;
    private long pendingEvents;
    private boolean closed;

    private ChainSpool(ChainId chain, Path dir) {
        this.chain = chain;
        this.dir = dir;
    }

    /** Opens the spool of {@code chain} under {@code dir}, creating it or recovering it (a torn last line is cut). */
    static ChainSpool open(ChainId chain, Path dir) {
        ChainSpool s = new ChainSpool(chain, dir);
        try {
            PrivateFiles.createDirectories(dir);
            try (FileChannel channel = s.openEntries()) {
                s.readProgress();
                s.recover(channel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the spool of chain " + chain + " in " + dir + ": " + e.getMessage(), e);
        }
        return s;
    }

    private FileChannel openEntries() throws IOException {
        return PrivateFiles.open(dir.resolve(ENTRIES), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    ChainId chain() {
        return chain;
    }

    synchronized long pendingEvents() {
        return pendingEvents;
    }

    synchronized long pendingBytes() {
        return size - next;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Appends and forces {@code line}; false when this spool was emptied and closed meanwhile. */
    synchronized boolean append(byte[] line, int events) {
        if (closed) {
            return false;
        }
        try (FileChannel channel = openEntries()) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                long at = size;
                while (buf.hasRemaining()) {
                    at += channel.write(buf, at);
                }
                channel.force(false);
            } catch (IOException e) {
                try {
                    channel.truncate(size);   // nothing half-written stays behind an answered entry
                } catch (IOException ignored) {
                    // recovery cuts the torn line at the next start
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the spool of chain " + chain + " in " + dir, e);
        }
        size += line.length;
        pendingEvents += events;
        return true;
    }

    /** The range in flight when the last append of it did not finish, or null. */
    synchronized long[] inflight() {
        return inflightEnd < 0 ? null : new long[] {next, inflightEnd, inflightAfterSeq};
    }

    synchronized long next() {
        return next;
    }

    /** Entries from {@code from}, up to {@code maxEvents} events (at least one entry) or up to offset {@code until}. */
    synchronized List<Read> read(long from, int maxEvents, long until) {
        List<Read> out = new ArrayList<>();
        long limit = Math.min(size, until);
        if (from >= limit) {
            return out;
        }
        try (FileChannel channel = PrivateFiles.open(dir.resolve(ENTRIES), StandardOpenOption.READ)) {
            long at = from;
            int events = 0;
            while (at < limit) {
                byte[] line = readLine(channel, at, limit);
                if (line == null) {
                    break;
                }
                SpoolEntry e = SpoolEntry.parse(new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
                if (!out.isEmpty() && events + e.events().size() > maxEvents) {
                    break;
                }
                at += line.length;
                events += e.events().size();
                out.add(new Read(e, at));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the spool of chain " + chain + " in " + dir, e);
        }
        return out;
    }

    /** Before appending the entries up to {@code end}: remember, durably, that they may be stored after {@code afterSeq}. */
    synchronized void markInflight(long end, long afterSeq) {
        writeProgress(next, end, afterSeq);
        inflightEnd = end;
        inflightAfterSeq = afterSeq;
    }

    /** The entries up to {@code end}, holding {@code events} events, are in the system of record. */
    synchronized void markDrained(long end, long events) {
        writeProgress(end, -1, 0);
        next = end;
        inflightEnd = -1;
        pendingEvents -= events;
    }

    /** The range in flight was found not stored: forget it (it will be appended again). */
    synchronized void clearInflight() {
        writeProgress(next, -1, 0);
        inflightEnd = -1;
    }

    /** Deletes the files and closes when everything was drained; true if so. */
    synchronized boolean closeIfDrained() {
        if (closed || next < size) {
            return closed;
        }
        closed = true;
        try {
            Files.deleteIfExists(dir.resolve(ENTRIES));
            Files.deleteIfExists(dir.resolve(PROGRESS));
            Files.deleteIfExists(dir);
            Files.deleteIfExists(dir.getParent());
        } catch (IOException e) {
            // a non-empty parent (another tenant's spool) stays; an empty entries file drains to nothing next start
        }
        return true;
    }

    synchronized void close() {
        closed = true;
    }

    private void readProgress() throws IOException {
        Path p = dir.resolve(PROGRESS);
        if (!Files.exists(p)) {
            return;
        }
        for (String field : Files.readString(p, StandardCharsets.US_ASCII).trim().split(" ")) {
            String[] kv = field.split("=", 2);
            long v = Long.parseLong(kv[1]);
            switch (kv[0]) {
                case "next" -> next = v;
                case "inflight_end" -> inflightEnd = v;
                case "after_seq" -> inflightAfterSeq = v;
                default -> throw new IOException("unknown field in " + p + ": " + field);
            }
        }
    }

    /** Counts the waiting events; cuts a torn last line (never answered); refuses a corrupt line in the middle. */
    private void recover(FileChannel channel) throws IOException {
        long fileSize = channel.size();
        long at = next;
        while (at < fileSize) {
            byte[] line = readLine(channel, at, fileSize);
            SpoolEntry e = null;
            if (line != null) {
                try {
                    e = SpoolEntry.parse(new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
                } catch (RuntimeException bad) {
                    if (at + line.length < fileSize) {
                        throw new IOException("corrupt spool entry at byte " + at + " of " + dir.resolve(ENTRIES)
                                + " (" + bad.getMessage() + "); move the file away to start, and append its events by hand", bad);
                    }
                }
            }
            if (e == null) {
                channel.truncate(at);
                channel.force(true);
                break;
            }
            pendingEvents += e.events().size();
            at += line.length;
        }
        size = at;
        if (inflightEnd > size) {
            inflightEnd = -1;
        }
    }

    /** The line starting at {@code at} with its newline, or null when it has none before {@code limit}. */
    private byte[] readLine(FileChannel channel, long at, long limit) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            ByteBuffer buf = ByteBuffer.allocate(8192);
            long pos = at;
            while (pos < limit) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), limit - pos));
                int n = channel.read(buf, pos);
                if (n <= 0) {
                    return null;
                }
                byte[] a = buf.array();
                for (int i = 0; i < n; i++) {
                    if (a[i] == '\n') {
                        out.write(a, 0, i + 1);
                        return out.toByteArray();
                    }
                }
                out.write(a, 0, n);
                pos += n;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the spool of chain " + chain + " in " + dir, e);
        }
    }

    private void writeProgress(long nextOffset, long end, long afterSeq) {
        String text = "next=" + nextOffset + (end < 0 ? "" : " inflight_end=" + end + " after_seq=" + afterSeq) + "\n";
        Path tmp = dir.resolve(PROGRESS + ".tmp");
        try {
            try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, dir.resolve(PROGRESS), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // not every platform can sync a directory; Linux can
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the drain progress of chain " + chain + " in " + dir, e);
        }
    }
}
