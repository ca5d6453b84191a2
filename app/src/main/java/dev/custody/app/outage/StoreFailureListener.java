package dev.custody.app.outage;

/** Observes store failures, for metrics. Called on the failing thread; must be fast. */
public interface StoreFailureListener {

    /** Does nothing. */
    StoreFailureListener NONE = (operation, cause) -> { };

    /** {@code operation} failed for {@code cause}. */
    void failed(StoreOperation operation, FailureCause cause);
}
