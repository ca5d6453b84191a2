package dev.custody.ports;

/**
 * An {@link AuditSink} could not deliver a batch: the receiver is unreachable, refused it or did not
 * acknowledge it in time. The message names the sink and what failed; the delivery engine retries.
 */
public class SinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the sink and the failure */
    public SinkException(String message) {
        super(message);
    }

    /** @param message names the sink and the failure; @param cause the transport exception */
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
