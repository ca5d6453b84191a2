package dev.custody.app.outage;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.StoreUnavailableException;

/**
 * A store failure the service treats as an outage: thrown by {@link OutageReportingStore} in place of what the store
 * threw (kept as the cause, its message kept), so the spool takes appends, the API answers 503 and nothing counts it
 * twice. The message may name files: it is logged and shown to administrators, never to clients.
 */
public final class StoreFailedException extends StoreUnavailableException {
    private static final long serialVersionUID = 1L;

    private final transient StoreOperation operation;
    private final transient FailureCause failureCause;

    StoreFailedException(StoreOperation operation, FailureCause cause, Throwable failure) {
        super(failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage(), failure);
        this.operation = requireNonNull(operation, "operation is null");
        this.failureCause = requireNonNull(cause, "cause is null");
    }

    /** What was being done. */
    public StoreOperation operation() {
        return operation;
    }

    /** Why it failed. */
    public FailureCause failureCause() {
        return failureCause;
    }
}
