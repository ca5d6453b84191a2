package dev.custody.plugins.syslog;

import dev.custody.ports.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Builds RFC 5424 messages and frames them with RFC 6587 octet counting ({@code LEN SP MSG}).
 * Structured data {@code [custody@32473 chain="…" seq="…" id="…" hash="…"]} identifies the record
 * (32473 is the example enterprise number of RFC 5612); PARAM-VALUE escapes {@code " \ ]}. MSG starts with
 * the UTF-8 BOM when the settings say so (RFC 5424 §6.4: MSG-UTF8 = BOM UTF-8-STRING).
 */
final class Rfc5424 {

    /** The SD-ID: name@private-enterprise-number. */
    static final String SD_ID = "custody@32473";

    /** U+FEFF, which UTF-8 encodes as EF BB BF. */
    static final String BOM = "\uFEFF";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Rfc5424() {
    }

    /** {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID [SD] MSG}, the record as {@code msg}. */
    static String message(AuditRecord r, SyslogSettings s, String msg) {
        return header(r, s, "") + ' ' + (s.bom() ? BOM : "") + msg;
    }

    /**
     * The message that stands in for a record whose message would exceed {@code max-message-bytes}: the same
     * header, the structured data with {@code size} (the stored record's bytes) added, and as MSG a short
     * reference the receiver can fetch the record by ({@code GET /v1/audit/events/{id}}).
     */
    static String reference(AuditRecord r, SyslogSettings s, String msg) {
        return header(r, s, " size=\"" + r.json().getBytes(StandardCharsets.UTF_8).length + "\"") + ' '
                + (s.bom() ? BOM : "") + msg;
    }

    private static String header(AuditRecord r, SyslogSettings s, String moreParams) {
        int pri = s.facility() * 8 + s.severity().of(r.outcome()).syslog();
        return "<" + pri + ">1 " + TIMESTAMP.format(r.recordedAt().truncatedTo(ChronoUnit.MICROS)) + ' ' + s.hostname()
                + ' ' + s.appName() + " - " + msgId(r.kind()) + " [" + SD_ID
                + " chain=\"" + param(r.chain().toString()) + "\" seq=\"" + r.seq() + "\" id=\"" + param(r.id())
                + "\" hash=\"" + param(r.recordHash()) + "\"" + moreParams + "]";
    }

    /** The octet-counted frame: the byte length in decimal, a space, the UTF-8 message. */
    static byte[] frame(byte[] body) {
        byte[] len = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[len.length + body.length];
        System.arraycopy(len, 0, out, 0, len.length);
        System.arraycopy(body, 0, out, len.length, body.length);
        return out;
    }

    /** MSGID: the kind, cut to 32 printable US-ASCII characters, or {@code -}. */
    static String msgId(String kind) {
        String id = kind.length() > 32 ? kind.substring(0, 32) : kind;
        return isHeaderToken(id, 32) ? id : "-";
    }

    /** PARAM-VALUE: {@code "}, {@code \} and {@code ]} are escaped with a backslash. */
    static String param(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** 1..max characters of PRINTUSASCII (33..126). */
    static boolean isHeaderToken(String v, int max) {
        if (v == null || v.isEmpty() || v.length() > max) {
            return false;
        }
        return v.chars().allMatch(c -> c >= 33 && c <= 126);
    }
}
