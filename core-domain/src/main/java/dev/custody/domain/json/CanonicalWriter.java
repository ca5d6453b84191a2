package dev.custody.domain.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The RFC 8785 serializer behind {@link Jcs}. */
final class CanonicalWriter {

    /** Deepest nesting of maps/lists written; also stops cyclic structures. */
    static final int MAX_DEPTH = 1000;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long TWO_53 = 1L << 53;
    private static final Comparator<Map.Entry<?, ?>> BY_KEY =
            (a, b) -> ((String) a.getKey()).compareTo((String) b.getKey());

    private CanonicalWriter() {
    }

    static void writeValue(Object value, StringBuilder out, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String str) {
            writeString(str, out);
        } else if (value instanceof Map<?, ?> map) {
            writeObject(map, out, depth + 1);
        } else if (value instanceof List<?> list) {
            writeArray(list, out, depth + 1);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue() ? "true" : "false");
        } else if (value instanceof Number n) {
            writeNumber(n, out);
        } else {
            throw new IllegalArgumentException("unsupported JSON value type " + value.getClass().getName());
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, int depth) {
        checkDepth(depth);
        Map.Entry<?, ?>[] entries = map.entrySet().toArray(new Map.Entry<?, ?>[0]);
        if (entries.length == 0) {
            out.append("{}");
            return;
        }
        for (Map.Entry<?, ?> e : entries) {
            Object key = e.getKey();
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("object key must be a String, got "
                        + (key == null ? "null" : key.getClass().getName()));
            }
        }
        if (entries.length > 1) {
            Arrays.sort(entries, BY_KEY);
        }
        out.append('{');
        String previous = null;
        for (int i = 0; i < entries.length; i++) {
            String key = (String) entries[i].getKey();
            if (key.equals(previous)) {
                throw new IllegalArgumentException("duplicate object key \"" + key + "\"");
            }
            previous = key;
            if (i > 0) {
                out.append(',');
            }
            writeString(key, out);
            out.append(':');
            writeValue(entries[i].getValue(), out, depth);
        }
        out.append('}');
    }

    private static void writeArray(List<?> list, StringBuilder out, int depth) {
        checkDepth(depth);
        out.append('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeValue(element, out, depth);
        }
        out.append(']');
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH + " (or a cycle)");
        }
    }

    private static void writeNumber(Number n, StringBuilder out) {
        if (n instanceof Long l) {
            long v = l;
            if (-TWO_53 <= v && v <= TWO_53) {
                out.append(v);
            } else {
                EcmaNumber.append((double) v, out);
            }
        } else if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            out.append(n.intValue());
        } else if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
            EcmaNumber.append(n.doubleValue(), out);
        } else if (n instanceof BigInteger b) {
            if (b.bitLength() <= 53) {
                out.append(b.longValue());
            } else {
                EcmaNumber.append(b.doubleValue(), out);
            }
        } else {
            throw new IllegalArgumentException("unsupported JSON number type " + n.getClass().getName());
        }
    }

    /**
     * Appends {@code s} as a JSON string escaped per RFC 8785 section 3.2.2.2.
     *
     * @throws IllegalArgumentException if {@code s} holds an unpaired surrogate
     */
    static void writeString(String s, StringBuilder out) {
        out.append('"');
        int n = s.length();
        int run = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                        throw new IllegalArgumentException("string has an unpaired surrogate U+"
                                + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at index " + i);
                    }
                    i++;
                }
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        if (run == 0) {
            out.append(s);
        } else {
            out.append(s, run, n);
        }
        out.append('"');
    }
}
