package dev.custody.domain.retention;

/** Told about every completed retention run (metrics, logs). */
public interface RetentionListener {

    /** Ignores everything. */
    RetentionListener NONE = result -> { };

    /** A run finished (a dry run too); {@code result.dryRun()} says which. */
    void completed(RetentionResult result);
}
