package dev.custody.ports.hot;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of one chain's records by one dimension over {@code [from, to)}.
 *
 * @param from start of the counted interval (inclusive, a bucket boundary)
 * @param to end of the counted interval (exclusive, a bucket boundary)
 * @param counts count per value, sorted by value
 */
public record WindowCounts(Instant from, Instant to, Map<String, Long> counts) {

    public WindowCounts {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        counts = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(counts, "counts is null")));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
    }

    /** The sum of every count. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
