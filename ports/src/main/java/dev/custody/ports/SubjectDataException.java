package dev.custody.ports;

/** A {@link SubjectDataStore} failed; the message names the operation and the store, never a subject. */
public class SubjectDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SubjectDataException(String message, Throwable cause) {
        super(message, cause);
    }

    public SubjectDataException(String message) {
        super(message);
    }
}
