package dev.custody.domain.spool;

/**
 * The system of record is unreachable and the spool has no room for more events. Nothing was stored or
 * spooled; the caller may retry later ("503, Retry-After").
 */
public final class SpoolFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpoolFullException(String message) {
        super(message);
    }
}
