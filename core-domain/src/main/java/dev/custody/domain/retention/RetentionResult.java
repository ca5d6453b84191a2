package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one retention run did, or, for a dry run, would do.
 *
 * @param dryRun nothing was changed
 * @param startedAt the run's clock time; every cutoff was computed from it
 * @param took how long the run took
 * @param archived records moved to the archive, per chain ({@code namespace/tenant})
 * @param deleted deleted items per tier ({@code warm}, {@code subject_data}) and kind (a record kind, or a subject
 *     data type)
 * @param chains per chain that lost records: {@code chain}, {@code deleted}, {@code deleted_through_seq} and
 *     {@code deleted_last_record_hash} (the anchor the oldest retained record links to, ADR 0072)
 * @param notes what could not be done and why (a backend that cannot purge, a chain whose prefix is held), never
 *     silently
 * @param record the {@code retention} record appended ({@code namespace}, {@code tenant}, {@code seq}, {@code id}),
 *     empty for a dry run
 */
public record RetentionResult(boolean dryRun, Instant startedAt, Duration took, Map<String, Long> archived,
        Map<String, Map<String, Long>> deleted, List<Map<String, Object>> chains, List<String> notes, Map<String, Object> record) {

    public RetentionResult {
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(took, "took is null");
        archived = Collections.unmodifiableMap(new TreeMap<>(archived));
        deleted = Collections.unmodifiableMap(new TreeMap<>(deleted));
        chains = List.copyOf(chains);
        notes = List.copyOf(notes);
        record = Collections.unmodifiableMap(new LinkedHashMap<>(record));
    }

    /** All items deleted in {@code tier}. */
    public long deletedIn(String tier) {
        return deleted.getOrDefault(tier, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }
}
