package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * How old something must be before retention acts on it: an ISO-8601 period ({@code P7Y}, {@code P90D},
 * {@code P1Y6M}), counted on the UTC calendar, or an ISO-8601 duration ({@code PT12H}).
 *
 * @param text the configured spelling, kept for messages and the retention record
 */
public record RetentionAge(String text, Period period, Duration duration) {

    public RetentionAge {
        requireNonNull(text, "text is null");
        if ((period == null) == (duration == null)) {
            throw new IllegalArgumentException("exactly one of period and duration");
        }
        if (period != null && (period.isNegative() || period.isZero()) || duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException(text + " must be positive");
        }
    }

    /**
     * Parses {@code P7Y}, {@code P90D}, {@code PT12H}, …
     *
     * @throws IllegalArgumentException with a message naming the value and the expected forms
     */
    public static RetentionAge parse(String value) {
        String v = requireNonNull(value, "value is null").trim().toUpperCase(java.util.Locale.ROOT);
        try {
            return v.contains("T") ? new RetentionAge(v, null, Duration.parse(v)) : new RetentionAge(v, Period.parse(v), null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 period or duration (P7Y, P90D, PT12H)");
        }
    }

    /** The instant before which something is older than this age at {@code now}. */
    public Instant cutoff(Instant now) {
        return period != null ? now.atZone(ZoneOffset.UTC).minus(period).toInstant() : now.minus(duration);
    }

    @Override
    public String toString() {
        return text;
    }
}
