package dev.custody.app.access;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines of a streamed read, counted: when the source ends the read is recorded {@code granted} before the end
 * is reported (in synchronous mode a failed record ends the stream with an error instead, so the client never sees
 * a complete answer); when it is closed earlier (the client went away, the source failed) it is recorded
 * {@code incomplete} with the lines sent so far.
 */
public final class AuditedLines implements Iterator<String>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.custody.access");

    private final Iterator<String> lines;
    private final ReadAudit audit;
    private final AtomicBoolean recorded = new AtomicBoolean();   // the end may be seen by a closing thread, too
    private long count;

    AuditedLines(Iterator<String> lines, ReadAudit audit) {
        this.lines = lines;
        this.audit = audit;
    }

    @Override
    public boolean hasNext() {
        if (recorded.get()) {
            return false;
        }
        boolean more;
        try {
            more = lines.hasNext();
        } catch (RuntimeException e) {
            end(false, "the source failed: " + e.getMessage());
            throw e;
        }
        if (!more && recorded.compareAndSet(false, true)) {
            audit.ended(count, true, null);
        }
        return more;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String line = lines.next();
        count++;
        return line;
    }

    /** Records the read as incomplete unless it already ended. Never throws: the answer is gone by now. */
    @Override
    public void close() {
        end(false, "the stream was closed before its end");
    }

    private void end(boolean complete, String reason) {
        if (!recorded.compareAndSet(false, true)) {
            return;
        }
        try {
            audit.ended(count, complete, reason);
        } catch (RuntimeException e) {
            LOG.error("Access record of an interrupted stream could not be written: {}", e.getMessage());
        }
    }
}
