package dev.custody.ports;

/**
 * Something unexpected went wrong inside an {@link AuditStore} (I/O, a lost connection, corrupt
 * data). The message names the operation and the chain. Expected outcomes, such as a moved tip, are
 * values instead (see {@link AppendResult}).
 */
public class AuditStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the operation and the chain */
    public AuditStoreException(String message) {
        super(message);
    }

    /** @param message names the operation and the chain; @param cause the vendor exception */
    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
