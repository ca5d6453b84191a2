package dev.custody.domain.chain;

/**
 * The appender did not take the events: too many are already waiting for the chain (back-pressure)
 * or the appender is closed. Nothing was stored; the caller may retry later ("503, Retry-After").
 */
public final class AppendRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AppendRejectedException(String message) {
        super(message);
    }
}
