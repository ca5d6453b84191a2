package dev.custody.app.cli.bench;

import dev.custody.ports.ChainId;

/** Where the benchmark sends its appends; one instance is shared by every client thread. */
interface BenchTarget extends AutoCloseable {

    /** Describes the target for the summary, e.g. {@code file (in-process, /data)}. */
    String describe();

    /**
     * Why an append failed.
     *
     * @param kind what the summary counts it under, e.g. {@code HTTP 503} or {@code connection}
     * @param message one line describing it
     */
    record Failure(String kind, String message) {
    }

    /**
     * Appends the events {@code first .. first + count - 1} to {@code chain} as one batch and waits until
     * it is acknowledged.
     *
     * @return null on success, otherwise the failure
     */
    Failure append(ChainId chain, long first, int count);

    @Override
    void close();
}
