package dev.custody.plugins.syslog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A strict parser of one RFC 5424 message, by the ABNF of §6: anything the RFC does not allow is an
 * {@link IllegalArgumentException} naming what and where. It accepts one SD-ELEMENT (all the sink sends).
 */
final class Rfc5424Parser {

    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d{1,6})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)");
    private static final Pattern ENTERPRISE_SD_ID = Pattern.compile("[^@]+@\\d+(\\.\\d+)*");

    private final byte[] b;
    private int pos;

    private Rfc5424Parser(byte[] b) {
        this.b = b;
    }

    static SyslogReceiver.Message parse(byte[] body) {
        return new Rfc5424Parser(body).message();
    }

    private SyslogReceiver.Message message() {
        expect('<', "PRI");
        String prival = digits(1, 3, "PRIVAL");
        int pri = Integer.parseInt(prival);
        if (pri > 191) {
            throw error("PRIVAL " + pri + " is above 191");
        }
        expect('>', "PRI");
        String version = digits(1, 3, "VERSION");
        if (!version.equals("1")) {
            throw error("VERSION " + version + " is not 1");
        }
        sp("VERSION");
        String timestamp = token(Integer.MAX_VALUE, "TIMESTAMP");
        if (!timestamp.equals("-")) {
            var m = TIMESTAMP.matcher(timestamp);
            if (!m.matches()) {
                throw error("TIMESTAMP " + timestamp + " is not FULL-DATE \"T\" FULL-TIME with at most 6 fraction digits");
            }
            try {
                LocalDate.parse(m.group(1));
            } catch (DateTimeParseException e) {
                throw error("TIMESTAMP " + timestamp + " has no such date");
            }
        }
        sp("TIMESTAMP");
        String hostname = token(255, "HOSTNAME");
        sp("HOSTNAME");
        String appName = token(48, "APP-NAME");
        sp("APP-NAME");
        String procId = token(128, "PROCID");
        sp("PROCID");
        String msgId = token(32, "MSGID");
        sp("MSGID");
        String sdId = null;
        Map<String, String> params = new LinkedHashMap<>();
        if (peek() == '-') {
            pos++;
        } else {
            expect('[', "SD-ELEMENT");
            sdId = sdName("SD-ID");
            if (sdId.contains("@") && !ENTERPRISE_SD_ID.matcher(sdId).matches()) {
                throw error("SD-ID " + sdId + " is not name@private-enterprise-number");
            }
            while (peek() == ' ') {
                pos++;
                String name = sdName("PARAM-NAME");
                expect('=', "SD-PARAM");
                expect('"', "PARAM-VALUE");
                params.put(name, paramValue());
            }
            expect(']', "SD-ELEMENT");
            if (pos < b.length && b[pos] == '[') {
                throw error("a second SD-ELEMENT; the sink sends one");
            }
        }
        String msg = "";
        boolean bom = false;
        if (pos < b.length) {
            sp("STRUCTURED-DATA");
            bom = b.length - pos >= 3 && (b[pos] & 0xff) == 0xEF && (b[pos + 1] & 0xff) == 0xBB && (b[pos + 2] & 0xff) == 0xBF;
            if (bom) {
                msg = utf8(pos + 3, b.length, "MSG-UTF8");
            } else {
                for (int i = pos; i < b.length; i++) {
                    if (b[i] < 0) {
                        throw error("MSG-ANY holds the non-ASCII byte 0x" + Integer.toHexString(b[i] & 0xff) + " at " + i
                                + ": without the BOM a strict receiver does not read MSG as UTF-8 (RFC 5424 §6.4)");
                    }
                }
                msg = new String(b, pos, b.length - pos, StandardCharsets.US_ASCII);
            }
        }
        return new SyslogReceiver.Message(pri, timestamp, hostname, appName, procId, msgId, sdId, params, msg, bom,
                b.length, b.length);
    }

    /** NILVALUE or 1..max PRINTUSASCII, up to the next SP. */
    private String token(int max, String what) {
        int start = pos;
        while (pos < b.length && b[pos] != ' ') {
            if (b[pos] < 33 || b[pos] > 126) {
                throw error(what + " holds a character that is not PRINTUSASCII at " + pos);
            }
            pos++;
        }
        if (pos == start) {
            throw error(what + " is empty");
        }
        if (pos - start > max) {
            throw error(what + " is longer than " + max);
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** SD-NAME: 1..32 PRINTUSASCII except '=', SP, ']' and '"'. */
    private String sdName(String what) {
        int start = pos;
        while (pos < b.length && b[pos] >= 33 && b[pos] <= 126 && b[pos] != '=' && b[pos] != ']' && b[pos] != '"') {
            pos++;
        }
        if (pos == start || pos - start > 32) {
            throw error(what + " must be 1 to 32 characters, at " + start);
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** PARAM-VALUE up to the closing quote: '"', '\' and ']' must be escaped; the value must be UTF-8. */
    private String paramValue() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            if (pos >= b.length) {
                throw error("PARAM-VALUE not closed");
            }
            byte c = b[pos++];
            if (c == '"') {
                break;
            }
            if (c == ']') {
                throw error("PARAM-VALUE holds an unescaped ']' at " + (pos - 1));
            }
            if (c == '\\' && pos < b.length && (b[pos] == '"' || b[pos] == '\\' || b[pos] == ']')) {
                c = b[pos++];
            }
            out.write(c);
        }
        byte[] v = out.toByteArray();
        return new Rfc5424Parser(v).utf8(0, v.length, "PARAM-VALUE");
    }

    private String utf8(int from, int to, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw error(what + " is not valid UTF-8");
        }
    }

    private String digits(int min, int max, String what) {
        int start = pos;
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (pos - start < min || pos - start > max) {
            throw error(what + " must be " + min + " to " + max + " digits, at " + start);
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    private int peek() {
        if (pos >= b.length) {
            throw error("message ends early at " + pos);
        }
        return b[pos];
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error(what + ": expected '" + c + "' at " + pos);
        }
        pos++;
    }

    private void sp(String after) {
        expect(' ', "SP after " + after);
    }

    private IllegalArgumentException error(String what) {
        String head = new String(b, 0, Math.min(b.length, 120), StandardCharsets.UTF_8);
        return new IllegalArgumentException("not RFC 5424: " + what + " (message starts " + head + ")");
    }
}
