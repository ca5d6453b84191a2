package dev.custody.app.api;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Reads query parameters; each mistake is an INVALID_PARAMETER problem naming the parameter. */
final class QueryParams {

    private static final String CURSOR_PREFIX = "after:";

    private QueryParams() {
    }

    /** The chain named by the {@code namespace} and {@code tenant} parameters. */
    static ChainId chain(String namespace, String tenant) {
        return ChainId.of(name("namespace", namespace), name("tenant", tenant));
    }

    private static String name(String param, String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, param, "query parameter '" + param + "' is required");
        }
        if (!ChainId.isValidName(value)) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, param, "query parameter '" + param + "' must match "
                    + ChainId.NAME_PATTERN.pattern());
        }
        return value;
    }

    static Instant instant(String param, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, param, "query parameter '" + param
                    + "' must be an RFC 3339 date-time such as 2026-11-23T06:00:00Z");
        }
    }

    /** A seq parameter ({@code from_seq}, {@code to_seq}): an integer of at least 1, or {@code dflt} when absent. */
    static long seq(String param, String value, long dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            long seq = Long.parseLong(value);
            if (seq >= 1) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.at(ProblemCode.INVALID_PARAMETER, param, "query parameter '" + param
                + "' must be an integer of at least 1");
    }

    static int limit(String value) {
        if (value == null) {
            return RecordQuery.DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= RecordQuery.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "limit", "query parameter 'limit' must be an integer from 1 to "
                + RecordQuery.MAX_LIMIT);
    }

    /** The opaque cursor for "after seq". */
    static String cursor(long afterSeq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + afterSeq).getBytes(StandardCharsets.US_ASCII));
    }

    /** The seq a cursor points after; 0 without one. */
    static long afterSeq(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith(CURSOR_PREFIX)) {
                long seq = Long.parseLong(s.substring(CURSOR_PREFIX.length()));
                if (seq > 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below (NumberFormatException is an IllegalArgumentException)
        }
        throw ProblemException.at(ProblemCode.INVALID_PARAMETER, "cursor",
                "query parameter 'cursor' is not a cursor this service issued; use next_cursor from a previous page");
    }
}
