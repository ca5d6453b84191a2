package dev.custody.domain.chain;

import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One pass over a stored record's UTF-8 bytes that both checks they are already in RFC 8785 form and
 * picks out the top-level members verification needs. For such a record, hashing the stored bytes
 * minus the {@code record_hash} member equals hashing its canonical form, so nothing is re-serialised.
 * Anything not canonical (whitespace, unsorted or duplicate keys, other escapes or number forms, very
 * deep nesting) makes {@link #scan} answer null, and the caller canonicalises instead.
 */
final class CanonicalScanner {

    private static final int MAX_DEPTH = 64;

    private final byte[] b;
    private int i;
    private boolean lastStringSimple;

    private String id;
    private String prevHash;
    private String recordHash;
    private String namespace;
    private String tenant;
    private long seq = -1;
    private long v = -1;
    private int hashStart = -1;
    private int hashEnd = -1;

    private CanonicalScanner(byte[] bytes) {
        this.b = bytes;
    }

    /** The linking fields and computed hash of a canonical record, or null if the bytes are not canonical. */
    static StoredRecordFields scan(byte[] bytes) {
        CanonicalScanner s = new CanonicalScanner(bytes);
        if (!s.topObject() || s.hashStart < 0) {
            return null;
        }
        int cutStart = s.hashStart;
        int cutEnd = s.hashEnd;
        if (cutEnd < bytes.length && bytes[cutEnd] == ',') {
            cutEnd++;
        } else if (bytes[cutStart - 1] == ',') {
            cutStart--;
        }
        String computed = Sha256.hex(bytes, 0, cutStart, bytes, cutEnd, bytes.length - cutEnd);
        return new StoredRecordFields(s.id, s.seq, s.prevHash, s.recordHash, s.namespace, s.tenant, s.v, computed);
    }

    /** The whole input is one canonical object, whose top-level members are captured. */
    private boolean topObject() {
        if (b.length < 2 || b[0] != '{') {
            return false;
        }
        i = 0;
        return object(0) && i == b.length;
    }

    private boolean capture(int keyStart, int keyEnd, int valueStart, int valueEnd) {
        switch (keyName(keyStart, keyEnd)) {
            case "id": id = stringValue(valueStart, valueEnd); break;
            case "prev_hash": prevHash = stringValue(valueStart, valueEnd); break;
            case "namespace": namespace = stringValue(valueStart, valueEnd); break;
            case "tenant": tenant = stringValue(valueStart, valueEnd); break;
            case "seq": seq = longValue(valueStart, valueEnd); break;
            case "v": v = longValue(valueStart, valueEnd); break;
            case "record_hash":
                recordHash = stringValue(valueStart, valueEnd);
                hashStart = keyStart;
                hashEnd = valueEnd;
                return recordHash != null;
            default: break;
        }
        return true;
    }

    /** Short top-level key names are plain ASCII in a canonical record; others do not matter here. */
    private String keyName(int start, int end) {
        int len = end - start - 2;
        return len > 0 && len <= 11 ? new String(b, start + 1, len, StandardCharsets.ISO_8859_1) : "";
    }

    private String stringValue(int start, int end) {
        if (b[start] != '"') {
            return null;
        }
        for (int k = start + 1; k < end - 1; k++) {
            if (b[k] == '\\' || b[k] < 0) {
                return (String) Json.parse(new String(b, start, end - start, StandardCharsets.UTF_8));
            }
        }
        return new String(b, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
    }

    private long longValue(int start, int end) {
        long r = 0;
        if (end - start > 15) {
            return -1;
        }
        for (int k = start; k < end; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            r = r * 10 + d;
        }
        return r;
    }

    private boolean ascending(int aStart, int aEnd, boolean aSimple, int bStart, int bEnd, boolean bSimple) {
        if (aSimple && bSimple) {
            return Arrays.compare(b, aStart + 1, aEnd - 1, b, bStart + 1, bEnd - 1) < 0;
        }
        String ka = (String) Json.parse(new String(b, aStart, aEnd - aStart, StandardCharsets.UTF_8));
        String kb = (String) Json.parse(new String(b, bStart, bEnd - bStart, StandardCharsets.UTF_8));
        return ka.compareTo(kb) < 0;
    }

    private boolean value(int depth) {
        if (i >= b.length) {
            return false;
        }
        switch (b[i]) {
            case '{': return depth < MAX_DEPTH && object(depth);
            case '[': return depth < MAX_DEPTH && array(depth);
            case '"': return string();
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: return number();
        }
    }

    /** An object with keys strictly ascending; at depth 0 (the record itself) its members are captured. */
    private boolean object(int depth) {
        i++;
        if (i < b.length && b[i] == '}') {
            i++;
            return true;
        }
        int prevStart = -1;
        int prevEnd = -1;
        boolean prevSimple = true;
        while (true) {
            int keyStart = i;
            if (!string()) {
                return false;
            }
            int keyEnd = i;
            boolean simple = lastStringSimple;
            if (prevStart >= 0 && !ascending(prevStart, prevEnd, prevSimple, keyStart, keyEnd, simple)) {
                return false;
            }
            if (i >= b.length || b[i] != ':') {
                return false;
            }
            i++;
            int valueStart = i;
            if (!value(depth + 1) || (depth == 0 && !capture(keyStart, keyEnd, valueStart, i))) {
                return false;
            }
            prevStart = keyStart;
            prevEnd = keyEnd;
            prevSimple = simple;
            if (i >= b.length) {
                return false;
            }
            if (b[i] == ',') {
                i++;
            } else if (b[i] == '}') {
                i++;
                return true;
            } else {
                return false;
            }
        }
    }

    private boolean array(int depth) {
        i++;
        if (i < b.length && b[i] == ']') {
            i++;
            return true;
        }
        while (true) {
            if (!value(depth + 1) || i >= b.length) {
                return false;
            }
            if (b[i] == ',') {
                i++;
            } else if (b[i] == ']') {
                i++;
                return true;
            } else {
                return false;
            }
        }
    }

    /** A string with only the escapes RFC 8785 writes. Sets {@link #lastStringSimple}: ASCII, no escapes. */
    private boolean string() {
        if (i >= b.length || b[i] != '"') {
            return false;
        }
        i++;
        boolean simple = true;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c == '"') {
                i++;
                lastStringSimple = simple;
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c >= 0x80) {
                simple = false;
            } else if (c == '\\') {
                simple = false;
                if (!escape()) {
                    return false;
                }
                continue;
            }
            i++;
        }
        return false;
    }

    private boolean escape() {
        if (i + 1 >= b.length) {
            return false;
        }
        byte e = b[i + 1];
        if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
            i += 2;
            return true;
        }
        if (e != 'u' || i + 5 >= b.length || b[i + 2] != '0' || b[i + 3] != '0') {
            return false;
        }
        int hi = hex(b[i + 4]);
        int lo = hex(b[i + 5]);
        if (hi < 0 || hi > 1 || lo < 0) {
            return false;
        }
        int cp = hi * 16 + lo;
        if (cp == 8 || cp == 9 || cp == 10 || cp == 12 || cp == 13) {
            return false;
        }
        i += 6;
        return true;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private boolean literal(String word) {
        int len = word.length();
        if (i + len > b.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += len;
        return true;
    }

    private boolean number() {
        int start = i;
        boolean plainInteger = true;
        while (i < b.length) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                i++;
            } else if (c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                plainInteger &= c == '-' && i == start;
                i++;
            } else {
                break;
            }
        }
        int len = i - start;
        if (len == 0) {
            return false;
        }
        String token = new String(b, start, len, StandardCharsets.ISO_8859_1);
        int digits = token.charAt(0) == '-' ? len - 1 : len;
        if (plainInteger && digits >= 1 && digits <= 15) {
            char first = token.charAt(len - digits);
            return digits == 1 ? !token.equals("-0") : first != '0';
        }
        try {
            double d = Double.parseDouble(token);
            return Double.isFinite(d) && Jcs.formatNumber(d).equals(token);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
