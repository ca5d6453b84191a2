package dev.custody.ports;

/**
 * The store cannot be reached right now (connection refused, lock held elsewhere, disk gone). The
 * operation may succeed when retried later; callers map it to "503 Service Unavailable".
 */
public class StoreUnavailableException extends AuditStoreException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
