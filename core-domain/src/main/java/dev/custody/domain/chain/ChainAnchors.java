package dev.custody.domain.chain;

import dev.custody.ports.ChainId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where verification finds the {@code record_hash} of a record that is no longer held, so that a chain whose
 * oldest records were deleted by retention verifies from its oldest retained record on, linked to what the
 * retention record says was deleted (ADR 0072).
 */
@FunctionalInterface
public interface ChainAnchors {

    /** No anchors: a chain must start at seq 1. */
    ChainAnchors NONE = (chain, seq) -> Optional.empty();

    /** The {@code record_hash} of record {@code seq} of {@code chain} as recorded when it was deleted, if known. */
    Optional<String> recordHashOf(ChainId chain, long seq);

    /**
     * The highest seq that, by what these anchors recorded, {@code chain} has held; empty when they say nothing of
     * it. A chain whose records end below it, or that holds none, lost records (its tail, or the whole chain).
     */
    default OptionalLong heldThrough(ChainId chain) {
        return OptionalLong.empty();
    }
}
