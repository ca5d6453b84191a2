package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code custody.retention}: the record policies, the subject-data policies, when the service runs retention and
 * how many rows one deletion removes at most.
 *
 * @param policies {@code policies}
 * @param subjectData {@code subject-data}: data type ({@code conversations}) to how long it may stay inactive
 * @param schedule {@code schedule}: a cron expression in UTC (default {@value #DEFAULT_SCHEDULE}), or null for
 *     no scheduled run ({@code off})
 * @param batchSize {@code batch-size}: most rows one purge statement deletes (default {@value #DEFAULT_BATCH_SIZE})
 */
public record RetentionSettings(RetentionPolicies policies, Map<String, RetentionAge> subjectData, String schedule, int batchSize) {

    public static final String KEY = "custody.retention";
    public static final String DEFAULT_SCHEDULE = "0 0 3 * * *";
    public static final int DEFAULT_BATCH_SIZE = 10_000;

    /** No policies, the default schedule and batch size. */
    public static final RetentionSettings NONE = new RetentionSettings(RetentionPolicies.NONE, Map.of(), DEFAULT_SCHEDULE,
            DEFAULT_BATCH_SIZE);

    public RetentionSettings {
        requireNonNull(policies, "policies is null");
        subjectData = Map.copyOf(new TreeMap<>(requireNonNull(subjectData, "subjectData is null")));
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("Invalid value for custody.retention.batch-size=" + batchSize
                    + ": must be between 1 and 1000000");
        }
    }

    /** Whether the service runs retention on a schedule. */
    public boolean scheduled() {
        return schedule != null;
    }
}
