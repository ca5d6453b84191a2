package dev.custody.domain.json;

/**
 * Strict RFC 8259 / I-JSON (RFC 7493) parser into a plain tree: objects become {@code LinkedHashMap<String,Object>}
 * (member order kept), arrays {@code ArrayList<Object>}, strings {@code String}, booleans {@code Boolean},
 * {@code null} Java {@code null}, and numbers {@code Long} (no fraction, no exponent, fits in a long) or
 * {@code Double}. Parsing is iterative, so no input can cause a {@link StackOverflowError}.
 */
public final class Json {

    /** Nesting depth allowed by {@link #parse(String)}. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private Json() {
    }

    /**
     * Parses {@code text} allowing {@value #DEFAULT_MAX_DEPTH} levels of nested objects/arrays.
     *
     * @throws JsonParseException if the text is not a single strict I-JSON value
     * @throws NullPointerException if {@code text} is null
     */
    public static Object parse(String text) {
        return parse(text, DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses {@code text} allowing {@code maxDepth} levels of nested objects/arrays (0 allows only scalars).
     * Rejects duplicate keys, invalid Unicode (unpaired surrogates, raw or escaped), unescaped control
     * characters, non-RFC 8259 numbers, numbers that overflow or underflow a double, and trailing content.
     *
     * @throws JsonParseException if the text is not a single strict I-JSON value
     * @throws IllegalArgumentException if {@code maxDepth} is negative
     * @throws NullPointerException if {@code text} is null
     */
    public static Object parse(String text, int maxDepth) {
        return parse(text, maxDepth, Integer.MAX_VALUE);
    }

    /**
     * As {@link #parse(String, int)}, also rejecting a number literal longer than {@code maxNumberChars} characters
     * (sign, digits, point and exponent included).
     *
     * @throws JsonParseException if the text is not a single strict I-JSON value within the limits
     * @throws IllegalArgumentException if {@code maxDepth} is negative or {@code maxNumberChars} less than 1
     * @throws NullPointerException if {@code text} is null
     */
    public static Object parse(String text, int maxDepth, int maxNumberChars) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0: " + maxDepth);
        }
        if (maxNumberChars < 1) {
            throw new IllegalArgumentException("maxNumberChars must be >= 1: " + maxNumberChars);
        }
        return new JsonParser(text, maxDepth, maxNumberChars).parse();
    }
}
