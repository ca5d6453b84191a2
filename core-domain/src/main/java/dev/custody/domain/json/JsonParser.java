package dev.custody.domain.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;

/** One-shot, single-pass, iterative strict I-JSON parser; see {@link Json}. */
final class JsonParser {

    /** One open object or array; frames are reused when the parser goes back to the same depth. */
    private static final class Frame {
        LinkedHashMap<String, Object> map;
        ArrayList<Object> list;
        /** Key of the member whose value is being parsed, null between members. */
        String key;
        /** True while an element of {@link #list} is being parsed. */
        boolean inElement;
    }

    private final String s;
    private final int len;
    private final int maxDepth;
    private final int maxNumberChars;
    private int pos;
    private Frame[] frames = new Frame[8];
    private int depth;
    /** The root value, set by {@link #close} once it is complete. */
    private Object result;

    JsonParser(String text, int maxDepth, int maxNumberChars) {
        this.s = text;
        this.len = text.length();
        this.maxDepth = maxDepth;
        this.maxNumberChars = maxNumberChars;
    }

    Object parse() {
        skipWhitespace();
        if (pos >= len) {
            throw fail("empty input", pos);
        }
        for (;;) {
            Object value;
            skipWhitespace();
            if (pos >= len) {
                throw fail("unexpected end of input", pos);
            }
            char c = s.charAt(pos);
            if (c == '{') {
                Frame f = push();
                f.map = new LinkedHashMap<>();
                pos++;
                skipWhitespace();
                if (pos < len && s.charAt(pos) == '}') {
                    pos++;
                    value = f.map;
                    pop();
                } else {
                    readKey(f);
                    continue;
                }
            } else if (c == '[') {
                Frame f = push();
                f.list = new ArrayList<>();
                pos++;
                skipWhitespace();
                if (pos < len && s.charAt(pos) == ']') {
                    pos++;
                    value = f.list;
                    pop();
                } else {
                    f.inElement = true;
                    continue;
                }
            } else {
                value = scalar(c);
            }
            if (close(value)) {
                return result;
            }
        }
    }

    /**
     * Stores a completed value in its container and closes every container that ends right after it.
     * Returns true when the root value is complete (stored in {@link #result}), false when another value follows.
     */
    private boolean close(Object value) {
        for (;;) {
            if (depth == 0) {
                skipWhitespace();
                if (pos < len) {
                    throw fail("trailing content", pos);
                }
                result = value;
                return true;
            }
            Frame f = frames[depth - 1];
            if (f.map != null) {
                f.map.put(f.key, value);
                f.key = null;
                char d = nextNonWhitespace();
                if (d == ',') {
                    pos++;
                    readKey(f);
                    return false;
                }
                if (d != '}') {
                    throw fail("expected ',' or '}'", pos);
                }
                pos++;
                value = f.map;
            } else {
                f.list.add(value);
                f.inElement = false;
                char d = nextNonWhitespace();
                if (d == ',') {
                    pos++;
                    f.inElement = true;
                    return false;
                }
                if (d != ']') {
                    throw fail("expected ',' or ']'", pos);
                }
                pos++;
                value = f.list;
            }
            pop();
        }
    }

    private Frame push() {
        if (depth >= maxDepth) {
            throw fail("nesting deeper than " + maxDepth, pos);
        }
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        Frame f = frames[depth];
        if (f == null) {
            f = new Frame();
            frames[depth] = f;
        }
        depth++;
        return f;
    }

    private void pop() {
        Frame f = frames[--depth];
        f.map = null;
        f.list = null;
        f.key = null;
        f.inElement = false;
    }

    private void readKey(Frame f) {
        char c = nextNonWhitespace();
        if (c != '"') {
            throw fail("expected string key", pos);
        }
        int keyStart = pos;
        String key = readString();
        if (f.map.containsKey(key)) {
            StringBuilder msg = new StringBuilder("duplicate key ");
            CanonicalWriter.writeString(key, msg);
            throw fail(msg.toString(), keyStart);
        }
        if (nextNonWhitespace() != ':') {
            throw fail("expected ':'", pos);
        }
        pos++;
        f.key = key;
    }

    /** Skips whitespace and returns the next char without consuming it. */
    private char nextNonWhitespace() {
        skipWhitespace();
        if (pos >= len) {
            throw fail("unexpected end of input", pos);
        }
        return s.charAt(pos);
    }

    private void skipWhitespace() {
        int i = pos;
        while (i < len) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        pos = i;
    }

    private Object scalar(char c) {
        switch (c) {
            case '"':
                return readString();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw fail("unexpected character " + describe(c), pos);
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw fail("invalid literal", pos);
        }
        pos += word.length();
    }

    /** Reads the string starting at the quote at {@link #pos}. */
    private String readString() {
        int start = pos + 1;
        for (int i = start; i < len;) {
            char c = s.charAt(i);
            if (c == '"') {
                pos = i + 1;
                return s.substring(start, i);
            }
            if (c == '\\') {
                return readEscapedString(start, i);
            }
            if (c < 0x20) {
                throw fail("unescaped control character " + describe(c) + " in string", i);
            }
            i = Character.isSurrogate(c) ? checkSurrogatePair(i) : i + 1;
        }
        throw fail("unterminated string", len);
    }

    /** Slow path once a backslash is met at {@code i}; chars from {@code start} to {@code i} are plain. */
    private String readEscapedString(int start, int i) {
        StringBuilder sb = new StringBuilder(i - start + 16);
        int run = start;
        while (i < len) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append(s, run, i);
                pos = i + 1;
                return sb.toString();
            }
            if (c == '\\') {
                sb.append(s, run, i);
                i = readEscape(i, sb);
                run = i;
            } else if (c < 0x20) {
                throw fail("unescaped control character " + describe(c) + " in string", i);
            } else {
                i = Character.isSurrogate(c) ? checkSurrogatePair(i) : i + 1;
            }
        }
        throw fail("unterminated string", len);
    }

    /** Decodes the escape whose backslash is at {@code i}; returns the index after it. */
    private int readEscape(int i, StringBuilder sb) {
        if (i + 1 >= len) {
            throw fail("unterminated string", len);
        }
        char e = s.charAt(i + 1);
        switch (e) {
            case '"':
            case '\\':
            case '/':
                sb.append(e);
                return i + 2;
            case 'b':
                sb.append('\b');
                return i + 2;
            case 'f':
                sb.append('\f');
                return i + 2;
            case 'n':
                sb.append('\n');
                return i + 2;
            case 'r':
                sb.append('\r');
                return i + 2;
            case 't':
                sb.append('\t');
                return i + 2;
            case 'u':
                break;
            default:
                throw fail("invalid escape '\\" + (e < 0x20 || e > 0x7e ? describe(e) : String.valueOf(e)) + "'", i);
        }
        char u = (char) hex4(i);
        if (!Character.isSurrogate(u)) {
            sb.append(u);
            return i + 6;
        }
        if (Character.isHighSurrogate(u) && s.startsWith("\\u", i + 6)) {
            char low = (char) hex4(i + 6);
            if (Character.isLowSurrogate(low)) {
                sb.append(u).append(low);
                return i + 12;
            }
        }
        throw fail("unpaired surrogate escape " + describe(u), i);
    }

    /** Value of the four hex digits after the {@code \\u} at {@code i}. */
    private int hex4(int i) {
        if (i + 6 > len) {
            throw fail("invalid \\u escape", i);
        }
        int v = 0;
        for (int j = i + 2; j < i + 6; j++) {
            char h = s.charAt(j);
            int d;
            if (h >= '0' && h <= '9') {
                d = h - '0';
            } else if (h >= 'a' && h <= 'f') {
                d = h - 'a' + 10;
            } else if (h >= 'A' && h <= 'F') {
                d = h - 'A' + 10;
            } else {
                throw fail("invalid \\u escape", i);
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Checks that the surrogate at {@code i} starts a valid pair; returns the index after the pair. */
    private int checkSurrogatePair(int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
            return i + 2;
        }
        throw fail("unpaired surrogate " + describe(c), i);
    }

    private Object readNumber() {
        int start = pos;
        int i = pos;
        boolean negative = s.charAt(i) == '-';
        if (negative) {
            i++;
        }
        char c = i < len ? s.charAt(i) : 0;
        boolean nonZero = false;
        boolean fitsLong = true;
        long acc = 0; // accumulated negatively, like Long.parseLong, so Long.MIN_VALUE fits
        if (c == '0') {
            i++;
            if (i < len && isDigit(s.charAt(i))) {
                throw fail("leading zero in number", start);
            }
        } else if (c >= '1' && c <= '9') {
            nonZero = true;
            long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
            long multMin = limit / 10;
            while (i < len && isDigit(c = s.charAt(i))) {
                int d = c - '0';
                if (fitsLong) {
                    if (acc < multMin || acc * 10 < limit + d) {
                        fitsLong = false;
                    } else {
                        acc = acc * 10 - d;
                    }
                }
                i++;
            }
        } else {
            throw fail("digit expected in number", i);
        }
        boolean integral = true;
        if (i < len && s.charAt(i) == '.') {
            integral = false;
            i++;
            if (i >= len || !isDigit(s.charAt(i))) {
                throw fail("digit expected after decimal point", i);
            }
            while (i < len && isDigit(c = s.charAt(i))) {
                nonZero |= c != '0';
                i++;
            }
        }
        if (i < len && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < len && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i >= len || !isDigit(s.charAt(i))) {
                throw fail("digit expected in exponent", i);
            }
            while (i < len && isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i - start > maxNumberChars) {
            throw fail("number literal of " + (i - start) + " characters, more than the limit of " + maxNumberChars, start);
        }
        pos = i;
        if (integral && fitsLong) {
            return negative ? acc : -acc;
        }
        double d = Double.parseDouble(s.substring(start, i));
        if (Double.isInfinite(d) || (d == 0 && nonZero)) {
            throw fail("number out of range", start);
        }
        return d;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String describe(char c) {
        if (c > 0x20 && c < 0x7f) {
            return "'" + c + "'";
        }
        String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
        return "U+" + "0000".substring(hex.length()) + hex;
    }

    private JsonParseException fail(String reason, int offset) {
        return new JsonParseException(reason, pointer(), offset);
    }

    /** RFC 6901 pointer of the value being parsed, built only when an error is reported. */
    private String pointer() {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            Frame f = frames[i];
            if (f.map != null && f.key != null) {
                p.append('/');
                String key = f.key;
                for (int j = 0; j < key.length(); j++) {
                    char c = key.charAt(j);
                    if (c == '~') {
                        p.append("~0");
                    } else if (c == '/') {
                        p.append("~1");
                    } else {
                        p.append(c);
                    }
                }
            } else if (f.list != null && f.inElement) {
                p.append('/').append(f.list.size());
            }
        }
        return p.toString();
    }
}
