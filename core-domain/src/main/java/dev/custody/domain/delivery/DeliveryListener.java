package dev.custody.domain.delivery;

import dev.custody.ports.ChainId;

/** Observes delivery, for metrics and logs. Called on the sink's delivery thread; must be fast. */
public interface DeliveryListener {

    /** Does nothing. */
    DeliveryListener NONE = new DeliveryListener() { };

    /** The sink acknowledged {@code records} records of {@code chain}. */
    default void delivered(String sink, ChainId chain, int records) {
    }

    /** Attempt {@code attempt} (1-based) to deliver a batch failed; it will be retried or dead-lettered. */
    default void failed(String sink, ChainId chain, int attempt, Throwable error) {
    }

    /** {@code records} records of {@code chain} were written to the dead-letter file and skipped. */
    default void deadLettered(String sink, ChainId chain, int records) {
    }
}
