package dev.custody.domain.chain;

import dev.custody.ports.ChainId;
import java.util.Optional;

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
}
