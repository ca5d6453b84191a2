package dev.custody.app.outage;

import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Why a store failed, as a small fixed set (a metric label and the health detail {@code cause}): read from the
 * messages and types of the failure's cause chain, the operating system's own words first (ADR 0129).
 */
public enum FailureCause {
    /** The process or the system ran out of file descriptors: EMFILE "Too many open files", ENFILE. */
    DESCRIPTORS("too many open files"),
    /** The disk or the quota is full: ENOSPC "No space left on device", EDQUOT "Disk quota exceeded", SQLSTATE 53100. */
    DISK_FULL("no space left on device or disk quota exceeded"),
    /** The file system is mounted read-only: EROFS "Read-only file system". */
    READ_ONLY("read-only file system"),
    /** Another input/output error. */
    IO("input/output error"),
    /** The store says it cannot be reached ({@link StoreUnavailableException}: connection refused, lock held elsewhere). */
    UNAVAILABLE("the store cannot be reached"),
    /** Anything else the store threw. */
    OTHER("the store failed");

    /** Causes nested deeper than this are not looked at (a cycle, or a pathological chain). */
    private static final int MAX_DEPTH = 16;

    private final String description;

    FailureCause(String description) {
        this.description = description;
    }

    /** The label value: {@code descriptors}, {@code disk_full}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What it means, in a few words. */
    public String description() {
        return description;
    }

    /** The cause of {@code failure}: a resource the OS names wins over the exception's type. */
    public static FailureCause of(Throwable failure) {
        boolean unavailable = false;
        boolean io = false;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            FailureCause named = named(t);
            if (named != null) {
                return named;
            }
            unavailable |= t instanceof StoreUnavailableException;
            io |= t instanceof IOException || t instanceof UncheckedIOException;
        }
        return unavailable ? UNAVAILABLE : io ? IO : OTHER;
    }

    /** Whether some exception in {@code failure}'s cause chain is a file system failure or names a resource. */
    static boolean fileSystem(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (t instanceof FileSystemException || named(t) != null) {
                return true;
            }
        }
        return false;
    }

    /** The resource {@code t} itself names (its message, a file system reason, an SQL state), or null. */
    private static FailureCause named(Throwable t) {
        if (t instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
            return DISK_FULL;   // PostgreSQL disk_full
        }
        String text = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() + " " + t.getMessage()
                : t.getMessage();
        if (text == null) {
            return null;
        }
        if (text.contains("Too many open files")) {
            return DESCRIPTORS;   // EMFILE, and ENFILE "Too many open files in system"
        }
        if (text.contains("No space left on device") || text.contains("Disk quota exceeded")) {
            return DISK_FULL;
        }
        if (text.contains("Read-only file system")) {
            return READ_ONLY;
        }
        return null;
    }
}
