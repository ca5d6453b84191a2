package dev.custody.adapters.file;

import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;

/**
 * Tells the I/O failures that mean the machine ran out of something — file descriptors ({@code EMFILE},
 * {@code ENFILE}) or space ({@code ENOSPC}, {@code EDQUOT}) — from those that mean a chain is damaged. They are
 * outages, not faults of a chain: the store reports them as {@link StoreUnavailableException} (the service's 503)
 * and they go away with their cause (ADR 0125). Java names them only by the OS's message, so that is what is read,
 * on the {@link IOException}s of the cause chain only (never on a message Custody wrote around them).
 */
final class Exhaustion {

    private static final String DESCRIPTORS = "Too many open files";   // EMFILE; ENFILE adds " in system"
    private static final String SPACE = "No space left on device";     // ENOSPC
    private static final String QUOTA = "Disk quota exceeded";         // EDQUOT

    private Exhaustion() {
    }

    /** Whether {@code e}, or what caused it, is the OS refusing to open one more file. */
    static boolean outOfDescriptors(Throwable e) {
        return causedBy(e, DESCRIPTORS);
    }

    /** Whether {@code e}, or what caused it, is a write refused for want of space or quota. */
    static boolean outOfSpace(Throwable e) {
        return causedBy(e, SPACE) || causedBy(e, QUOTA);
    }

    /**
     * {@code e} as the store reports it: a {@link StoreUnavailableException} naming {@code operation} (with
     * {@code e} as its cause) when it is an exhaustion, else {@code e} itself.
     */
    static RuntimeException reported(String operation, RuntimeException e) {
        if (e instanceof StoreUnavailableException) {
            return e;
        }
        if (outOfDescriptors(e)) {
            return new StoreUnavailableException(operation + ": the process is out of file descriptors (" + e.getMessage()
                    + "); the store answers again once some are free (see max-open-chains and ulimit -n)", e);
        }
        if (outOfSpace(e)) {
            return new StoreUnavailableException(operation + ": the disk is full (" + e.getMessage()
                    + "); what is stored is intact, and the store answers again once there is room", e);
        }
        return e;
    }

    private static boolean causedBy(Throwable e, String reason) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains(reason)) {
                return true;
            }
        }
        return false;
    }
}
