package dev.custody.domain.spool;

import dev.custody.ports.ChainId;

/** Observes the spool, for metrics and logs. Called on request and drainer threads; must be fast. */
public interface SpoolListener {

    /** Does nothing. */
    SpoolListener NONE = new SpoolListener() { };

    /** The system of record failed with {@code error}; appends now go to the spool. */
    default void storeUnreachable(Throwable error) {
    }

    /** The system of record answers again; the spool drains. */
    default void storeReachable() {
    }

    /** {@code events} events of {@code chain} were written to the spool. */
    default void spooled(ChainId chain, int events) {
    }

    /** {@code events} events of {@code chain} left the spool: appended, or found already stored ({@code duplicates}). */
    default void drained(ChainId chain, int events, int duplicates) {
    }

    /** An append was refused because the spool is full. */
    default void full(ChainId chain, int events) {
    }

    /** Draining {@code chain} failed with something other than an outage; its events stay spooled. */
    default void drainFailed(ChainId chain, Throwable error) {
    }
}
