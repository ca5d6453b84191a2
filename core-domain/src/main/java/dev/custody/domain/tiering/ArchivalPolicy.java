package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What archival moves and how it protects it.
 *
 * @param archiveAfter records recorded longer ago than this leave the system of record
 * @param maxSegmentRecords at most this many records per segment (1..1,000,000)
 * @param retention WORM retention put on each object, or {@link Duration#ZERO} for none
 * @param legalHold whether objects start under legal hold
 * @param actor who archives, recorded in the custody entries ({@code archiver@host})
 * @param keepWarm how long archived records stay in the system of record after their segment was written and verified;
 *     {@link Duration#ZERO} removes them in the same run
 */
public record ArchivalPolicy(Duration archiveAfter, int maxSegmentRecords, Duration retention, boolean legalHold, String actor,
        Duration keepWarm) {

    /** Archived records leave the system of record in the run that archived them. */
    public ArchivalPolicy(Duration archiveAfter, int maxSegmentRecords, Duration retention, boolean legalHold, String actor) {
        this(archiveAfter, maxSegmentRecords, retention, legalHold, actor, Duration.ZERO);
    }

    public ArchivalPolicy {
        requireNonNull(keepWarm, "keepWarm is null");
        if (keepWarm.isNegative()) {
            throw new IllegalArgumentException("keepWarm must not be negative");
        }
        requireNonNull(archiveAfter, "archiveAfter is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(actor, "actor is null");
        if (archiveAfter.isNegative() || retention.isNegative()) {
            throw new IllegalArgumentException("archiveAfter and retention must not be negative");
        }
        if (maxSegmentRecords < 1 || maxSegmentRecords > 1_000_000) {
            throw new IllegalArgumentException("maxSegmentRecords must be between 1 and 1000000, got " + maxSegmentRecords);
        }
    }
}
