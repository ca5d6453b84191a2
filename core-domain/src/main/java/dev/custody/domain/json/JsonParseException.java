package dev.custody.domain.json;

/**
 * Thrown when a text is not strict I-JSON. Carries the char offset of the problem and the RFC 6901
 * JSON pointer of the value that was being parsed ({@code ""} for the root).
 */
public final class JsonParseException extends IllegalArgumentException {

    private final int offset;
    private final String pointer;

    JsonParseException(String reason, String pointer, int offset) {
        super(reason + " at " + (pointer.isEmpty() ? "root" : pointer) + " (offset " + offset + ")");
        this.offset = offset;
        this.pointer = pointer;
    }

    /** The char offset in the parsed text where the problem was found. */
    public int offset() {
        return offset;
    }

    /** The RFC 6901 pointer of the value being parsed, {@code ""} for the root, e.g. {@code /payload/items/3}. */
    public String pointer() {
        return pointer;
    }
}
