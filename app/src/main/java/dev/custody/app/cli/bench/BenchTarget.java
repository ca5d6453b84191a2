package dev.custody.app.cli.bench;

import dev.custody.ports.ChainId;

/** Where the benchmark sends its appends; one instance is shared by every client thread. */
interface BenchTarget extends AutoCloseable {

    /** Describes the target for the summary, e.g. {@code file (in-process, /data)}. */
    String describe();

    /**
     * Appends the events {@code first .. first + count - 1} to {@code chain} as one batch and waits until
     * it is acknowledged.
     *
     * @return null on success, otherwise a one-line description of the failure
     */
    String append(ChainId chain, long first, int count);

    @Override
    void close();
}
