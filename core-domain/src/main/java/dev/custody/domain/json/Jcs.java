package dev.custody.domain.json;

import java.nio.charset.StandardCharsets;

/**
 * RFC 8785 JSON Canonicalization Scheme writer.
 *
 * <p>Accepted values: {@code null}, {@code String}, {@code Boolean}, any {@code java.util.Map} whose keys are
 * all Strings (members sorted by UTF-16 code units), any {@code java.util.List}, and the numbers
 * {@code Integer, Long, Short, Byte, Float, Double, BigInteger, BigDecimal}, each converted to a double
 * (as {@code doubleValue()} does) and written per ECMAScript {@code Number.prototype.toString}.
 * Nesting is limited to 1000 levels.
 */
public final class Jcs {

    /** Depth allowed when {@link #canonicalizeJson(String)} parses its input. */
    public static final int PARSE_MAX_DEPTH = 1000;

    private Jcs() {
    }

    /**
     * Returns the canonical JSON text of {@code value}. A {@code String} is encoded as a JSON string; use
     * {@link #canonicalizeJson(String)} to canonicalise JSON text.
     *
     * @throws IllegalArgumentException for an unsupported type (the message names the class), a non-String
     *         or duplicate map key, NaN or an infinite number, a string with an unpaired surrogate, or
     *         nesting deeper than 1000 levels (including cycles)
     */
    public static String canonicalize(Object value) {
        StringBuilder out = new StringBuilder(256);
        CanonicalWriter.writeValue(value, out, 0);
        return out.toString();
    }

    /**
     * Appends the canonical JSON text of {@code value} to {@code out}. On failure {@code out} may hold a
     * partial text.
     *
     * @throws IllegalArgumentException as {@link #canonicalize(Object)}
     */
    public static void write(Object value, StringBuilder out) {
        CanonicalWriter.writeValue(value, out, 0);
    }

    /**
     * Returns the UTF-8 bytes of the canonical JSON text of {@code value}, the form that is hashed.
     *
     * @throws IllegalArgumentException as {@link #canonicalize(Object)}
     */
    public static byte[] canonicalBytes(Object value) {
        return canonicalize(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses {@code jsonText} strictly (see {@link Json#parse(String, int)}, depth {@value #PARSE_MAX_DEPTH})
     * and returns its canonical form.
     *
     * @throws JsonParseException if {@code jsonText} is not strict I-JSON
     */
    public static String canonicalizeJson(String jsonText) {
        return canonicalize(Json.parse(jsonText, PARSE_MAX_DEPTH));
    }

    /**
     * Formats {@code d} as ECMAScript's {@code Number.prototype.toString()} does (ECMA-262 Number::toString,
     * radix 10): the shortest digits that round-trip, the closest to {@code d} when several qualify;
     * {@code -0} gives {@code "0"}; plain notation for 1e-6 &lt;= |d| &lt; 1e21, otherwise {@code d[.ddd]e±n}.
     *
     * @throws IllegalArgumentException if {@code d} is NaN or infinite
     */
    public static String formatNumber(double d) {
        StringBuilder out = new StringBuilder(24);
        EcmaNumber.append(d, out);
        return out.toString();
    }
}
