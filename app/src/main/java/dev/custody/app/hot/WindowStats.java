package dev.custody.app.hot;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.hot.CountDimension;
import dev.custody.ports.hot.HotTier;
import dev.custody.ports.hot.WindowCounts;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sliding-window counts of a chain's records: from the hot tier's counters when one is configured, else
 * counted in the system of record over the same bucket-aligned interval (10-second buckets).
 */
public final class WindowStats {

    /** The longest window without a hot tier (with one, its retention). */
    public static final long MAX_WINDOW_SECONDS = 3600;
    static final int BUCKET_SECONDS = 10;

    /** Counts and where they came from ({@code hot} or {@code primary}). */
    public record Result(WindowCounts counts, String source) {
    }

    private final AuditStore store;
    private final HotTier hot;
    private final Clock clock;

    /** @param hot null when no hot tier is configured */
    public WindowStats(AuditStore store, HotTier hot, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.hot = hot;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The longest window that may be asked for, in seconds. */
    public long maxWindowSeconds() {
        return hot == null ? MAX_WINDOW_SECONDS : hot.retentionSeconds();
    }

    /** @throws IllegalArgumentException when the window is not between 1 s and {@link #maxWindowSeconds()} */
    public Result counts(ChainId chain, CountDimension dimension, long windowSeconds) {
        if (windowSeconds < 1 || windowSeconds > maxWindowSeconds()) {
            throw new IllegalArgumentException("window must be between 1 s and " + maxWindowSeconds() + " s");
        }
        if (hot != null) {
            return new Result(hot.counts(chain, dimension, windowSeconds), "hot");
        }
        return new Result(countStored(chain, dimension, windowSeconds), "primary");
    }

    private WindowCounts countStored(ChainId chain, CountDimension dimension, long windowSeconds) {
        long now = clock.instant().getEpochSecond();
        long to = now - Math.floorMod(now, BUCKET_SECONDS) + BUCKET_SECONDS;
        long start = now - windowSeconds;
        long from = start - Math.floorMod(start, BUCKET_SECONDS);
        Map<String, Long> counts = new TreeMap<>();
        RecordQuery q = RecordQuery.builder(chain).from(Instant.ofEpochSecond(from)).to(Instant.ofEpochSecond(to))
                .limit(RecordQuery.MAX_LIMIT).build();
        while (true) {
            RecordPage page = store.query(q);
            for (AuditRecord r : page.records()) {
                String value = switch (dimension) {
                    case ACTION -> r.action();
                    case OUTCOME -> r.outcome();
                    case ACTOR -> r.actor().id();
                };
                counts.merge(value, 1L, Long::sum);
            }
            if (page.next().isEmpty()) {
                break;
            }
            q = q.after(page.nextAfterSeq());
        }
        return new WindowCounts(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), counts);
    }
}
