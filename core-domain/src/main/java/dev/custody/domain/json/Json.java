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
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0: " + maxDepth);
        }
        return new JsonParser(text, maxDepth).parse();
    }
}
