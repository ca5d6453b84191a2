package dev.custody.domain.tiering;

import dev.custody.ports.ChainId;

/** Told about archival runs, for metrics and logs. */
public interface ArchivalListener {

    /** A chain's archival finished. */
    default void archived(ArchivalReport report) {
    }

    /**
     * An attempt failed.
     *
     * @param consecutiveFailures failed attempts in a row across runs, this one included (reset by a success)
     */
    default void failed(ChainId chain, int attempt, int consecutiveFailures, Throwable error) {
    }

    /** Ignores everything. */
    ArchivalListener NONE = new ArchivalListener() {
    };
}
