package dev.custody.ports.hot;

import java.time.Instant;

/**
 * What the hot tier holds of one chain: every record with {@code recorded_at >= from} up to seq
 * {@code lastSeq}, with no gap. A reader may answer a window from the hot tier only when the window starts
 * at or after {@code from} and the system of record's tip is not beyond {@code lastSeq}.
 *
 * @param from the earliest recorded_at the hot tier is complete from, or null when it holds nothing
 * @param lastSeq the newest seq held, 0 when none
 */
public record HotCoverage(Instant from, long lastSeq) {

    /** Holds nothing. */
    public static final HotCoverage NONE = new HotCoverage(null, 0);

    /** @throws IllegalArgumentException when lastSeq is negative, or from is given without records */
    public HotCoverage {
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0, got " + lastSeq);
        }
        if (from != null && lastSeq == 0) {
            throw new IllegalArgumentException("from needs lastSeq >= 1");
        }
    }

    /** Whether the records with recorded_at &gt;= {@code windowFrom}, up to {@code tipSeq}, are all held. */
    public boolean covers(Instant windowFrom, long tipSeq) {
        return from != null && windowFrom != null && !windowFrom.isBefore(from) && lastSeq >= tipSeq;
    }
}
