package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ChainId;
import java.util.function.Predicate;

/**
 * Which data one retention run reaches: every chain and the subject data stores ({@link #ALL}: the schedule, the
 * CLI, a key scoped {@code *}{@code /*}), or only the chains a caller's scopes cover ({@link #only}), which leaves the
 * subject data stores alone, since they are not kept per tenant (ADR 0085).
 *
 * @param chains the chains the run may archive and shorten
 * @param subjectData whether the run deletes inactive subject data
 */
public record RetentionScope(Predicate<ChainId> chains, boolean subjectData) {

    /** Every chain and the subject data stores. */
    public static final RetentionScope ALL = new RetentionScope(chain -> true, true);

    public RetentionScope {
        requireNonNull(chains, "chains is null");
    }

    /** The chains {@code chains} admits, and no subject data. */
    public static RetentionScope only(Predicate<ChainId> chains) {
        return new RetentionScope(chains, false);
    }
}
