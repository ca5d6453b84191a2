package dev.custody.app.problem;

import java.util.Locale;

/**
 * The stable identifiers of every problem the API answers. Clients switch on {@link #name()}; the
 * problem {@code type} URI is derived from it ({@code INVALID_JSON} → {@code …/problems/invalid-json}).
 */
public enum ProblemCode {
    INVALID_JSON(400, "Malformed JSON"),
    INVALID_EVENT(400, "Invalid audit event"),
    INVALID_PARAMETER(400, "Invalid parameter"),
    PURPOSE_REQUIRED(400, "Purpose of the read required"),
    UNAUTHORIZED(401, "Missing or invalid API key"),
    FORBIDDEN(403, "Not allowed"),
    NOT_FOUND(404, "Not found"),
    UNKNOWN_SUBJECT(404, "Unknown data subject"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    PERSONAL_DATA_DISABLED(409, "Personal-data protection is off"),
    COMPLIANCE_VIOLATION(409, "Refused by the compliance mode"),
    SUBJECT_ON_HOLD(409, "The data subject is under a legal hold"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency-Key reused with a different body"),
    QUOTA_EXCEEDED(422, "The tenant's quota is used up"),
    OVERLOADED(429, "Too many requests"),
    INTERNAL(500, "Internal error"),
    ARCHIVE_DAMAGED(500, "The cold archive does not check"),
    CHAIN_UNREADABLE(500, "A stored record of the chain cannot be read"),
    STORE_UNAVAILABLE(503, "System of record unavailable"),
    SINK_UNAVAILABLE(503, "A fail-closed sink is unavailable"),
    SPOOL_FULL(503, "System of record unavailable and spool full");

    /** Base of every problem type URI. */
    public static final String TYPE_BASE = "https://custody.dev/problems/";

    private final int status;
    private final String title;

    ProblemCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** {@code https://custody.dev/problems/<kebab-code>}. */
    public String type() {
        return TYPE_BASE + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
