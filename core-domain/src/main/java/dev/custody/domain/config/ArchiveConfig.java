package dev.custody.domain.config;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.tiering.ArchivalPace;
import java.time.Duration;

/**
 * The cold archive ({@code custody.archive}): which provider and its properties, and how archival runs.
 *
 * @param backend {@code custody.archive.provider} ({@code s3}, {@code gcs}) and {@code custody.archive.properties.*}
 * @param archiveAfter records older than this are archived ({@code archive-after}, default P30D)
 * @param schedule how often the service runs archival ({@code schedule}, default 1h); {@link Duration#ZERO} = never
 *     (only {@code custody archive run})
 * @param segmentMaxRecords at most this many records per segment ({@code segment-max-records}, default 100000)
 * @param retention WORM retention per object ({@code retention}, default none)
 * @param legalHold objects start under legal hold ({@code legal-hold}, default false)
 * @param maxAttempts attempts per chain and run ({@code max-attempts}, default 4)
 * @param backoff the first wait between attempts, doubled each time ({@code backoff}, default 2s)
 * @param keepWarm how long archived records stay queryable in the system of record after their segment was written
 *     and verified ({@code keep-warm}, default {@link Duration#ZERO}: removed at once)
 * @param pace how archival yields to live appends ({@code pace.*}, default {@link ArchivalPace.Settings#DEFAULT})
 */
public record ArchiveConfig(BackendConfig backend, Duration archiveAfter, Duration schedule, int segmentMaxRecords,
        Duration retention, boolean legalHold, int maxAttempts, Duration backoff, Duration keepWarm, ArchivalPace.Settings pace) {

    /** The configuration key. */
    public static final String KEY = "custody.archive";

    public ArchiveConfig {
        requireNonNull(backend, "backend is null");
        requireNonNull(archiveAfter, "archiveAfter is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(backoff, "backoff is null");
        requireNonNull(keepWarm, "keepWarm is null");
        requireNonNull(pace, "pace is null");
        if (keepWarm.isNegative()) {
            throw new IllegalArgumentException("Invalid value for custody.archive.keep-warm=" + keepWarm + ": must not be negative");
        }
        if (segmentMaxRecords < 1 || segmentMaxRecords > 1_000_000) {
            throw new IllegalArgumentException("Invalid value for custody.archive.segment-max-records=" + segmentMaxRecords
                    + ": must be between 1 and 1000000");
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("Invalid value for custody.archive.max-attempts=" + maxAttempts + ": must be between 1 and 20");
        }
    }
}
