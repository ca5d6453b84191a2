package dev.custody.domain.chain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as records store them. */
public final class Timestamps {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code instant} truncated to microseconds, written {@code 2026-11-23T06:00:00.000001Z}. */
    public static String formatMicros(Instant instant) {
        return MICROS.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Whether {@code text} is an RFC 3339 date-time with seconds and an offset
     * ({@code 2026-11-23T06:00:00Z}, {@code 2026-11-23T07:00:00.25+01:00}), with a real calendar date.
     * Checked by position, without a regex or a parser: it runs for every event.
     */
    public static boolean isRfc3339(String text) {
        if (text == null || text.length() < 20 || text.length() > 35) {
            return false;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > YearMonth.of(year, month).lengthOfMonth()
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || !time(text, 11) || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return false;
        }
        int i = 19;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
        }
        if (i == text.length() - 1) {
            return text.charAt(i) == 'Z';
        }
        return i == text.length() - 6 && (text.charAt(i) == '+' || text.charAt(i) == '-')
                && text.charAt(i + 3) == ':' && between(digits(text, i + 1, 2), 0, 18) && between(digits(text, i + 4, 2), 0, 59);
    }

    private static boolean time(String t, int at) {
        return between(digits(t, at, 2), 0, 23) && between(digits(t, at + 3, 2), 0, 59) && between(digits(t, at + 6, 2), 0, 59);
    }

    private static boolean between(int v, int min, int max) {
        return v >= min && v <= max;
    }

    /** The value of {@code n} ASCII digits at {@code at}, or -1. */
    private static int digits(String t, int at, int n) {
        int v = 0;
        for (int k = at; k < at + n; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Parses an RFC 3339 date-time.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Instant parse(String text) {
        if (!isRfc3339(text)) {
            throw new IllegalArgumentException("not an RFC 3339 date-time: " + text);
        }
        return OffsetDateTime.parse(text).toInstant();
    }
}
