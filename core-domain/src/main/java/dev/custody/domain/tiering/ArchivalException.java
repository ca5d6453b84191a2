package dev.custody.domain.tiering;

/** Archival, restore or an archive read could not complete; nothing in the system of record was removed. */
public class ArchivalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArchivalException(String message) {
        super(message);
    }

    public ArchivalException(String message, Throwable cause) {
        super(message, cause);
    }
}
