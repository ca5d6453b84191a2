package dev.custody.domain.chain;

import static java.util.Objects.requireNonNull;

/**
 * An event was rejected before anything was stored. {@link #field()} is a JSON pointer to the
 * offending field ({@code /tenant}, {@code /payload/items/3}); the message says what is wrong with it.
 */
public final class InvalidEventException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public InvalidEventException(String field, String reason) {
        super(requireNonNull(field, "field is null") + ": " + requireNonNull(reason, "reason is null"));
        this.field = field;
        this.reason = reason;
    }

    /** JSON pointer to the offending field. */
    public String field() {
        return field;
    }

    /** What is wrong with it, without the field. */
    public String reason() {
        return reason;
    }

    /** The same rejection for the event at {@code index} of a batch: the pointer gains {@code /events/index}. */
    public InvalidEventException inBatch(int index) {
        return new InvalidEventException("/events/" + index + field, reason);
    }
}
