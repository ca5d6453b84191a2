package dev.custody.domain.chain;

import dev.custody.ports.ChainId;

/** Observes what a {@link ChainAppender} does, for metrics. Called on writer threads; must be fast. */
public interface AppendListener {

    /** Does nothing. */
    AppendListener NONE = new AppendListener() { };

    /** A batch of {@code events} events became durable after {@code nanos} in the store. */
    default void batchAppended(ChainId chain, int events, long nanos) {
    }

    /** The tip had moved; the batch will be retried (or given up after the last attempt). */
    default void conflict(ChainId chain, int attempt) {
    }

    /** A batch failed for good with {@code error}. */
    default void failed(ChainId chain, int events, Throwable error) {
    }
}
