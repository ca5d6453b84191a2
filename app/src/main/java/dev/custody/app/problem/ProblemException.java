package dev.custody.app.problem;

import static java.util.Objects.requireNonNull;

/**
 * A failure the caller caused or must react to, already phrased as a problem: thrown anywhere in the
 * request path and answered by {@link Problems} with the code's status.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemCode code;
    private final String field;
    private final Integer retryAfterSeconds;

    public ProblemException(ProblemCode code, String detail, String field, Integer retryAfterSeconds) {
        super(requireNonNull(detail, "detail is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A problem without a field. */
    public static ProblemException of(ProblemCode code, String detail) {
        return new ProblemException(code, detail, null, null);
    }

    /** A problem naming the JSON pointer or query parameter at fault. */
    public static ProblemException at(ProblemCode code, String field, String detail) {
        return new ProblemException(code, detail, field, null);
    }

    public ProblemCode code() {
        return code;
    }

    /** JSON pointer or parameter name, or null. */
    public String field() {
        return field;
    }

    /** Seconds for {@code Retry-After}, or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String detail() {
        return getMessage();
    }
}
