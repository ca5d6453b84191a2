package dev.custody.plugins.syslog;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.spi.SeverityTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ArcSight CEF:0 lines. Header fields escape {@code \} and {@code |} (line breaks become spaces: the
 * header is one line); extension values escape {@code \}, {@code =}, and encode CR/LF as {@code \r}/{@code \n}.
 */
final class Cef {

    private Cef() {
    }

    /** {@code CEF:0|Custody|Custody|1|kind|action|severity|ext}, the severity from {@code table}. */
    static String line(AuditRecord r, SeverityTable table) {
        return line(r.kind(), r.action(), table.of(r.outcome()).cef(), extension(r));
    }

    /**
     * The line that stands in for a record too large for {@code max-message-bytes}: the header (the action cut to
     * 64 characters), the fields that identify the record, its size ({@code cn2}, labelled {@code recordBytes})
     * and {@code msg} saying why.
     */
    static String reference(AuditRecord r, SeverityTable table, int recordBytes, String why) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("rt", Long.toString(r.recordedAt().toEpochMilli()));
        ext.put("externalId", r.id());
        ext.put("outcome", r.outcome());
        ext.put("cs2Label", "chain");
        ext.put("cs2", r.chain().toString());
        ext.put("cn1Label", "seq");
        ext.put("cn1", Long.toString(r.seq()));
        ext.put("cs3Label", "recordHash");
        ext.put("cs3", r.recordHash());
        ext.put("cn2Label", "recordBytes");
        ext.put("cn2", Integer.toString(recordBytes));
        ext.put("msg", why);
        String action = r.action().length() > 64 ? r.action().substring(0, 64) : r.action();
        return line(r.kind(), action, table.of(r.outcome()).cef(), ext);
    }

    private static String line(String kind, String action, int severity, Map<String, String> extension) {
        StringBuilder sb = new StringBuilder("CEF:0|Custody|Custody|1|").append(header(kind)).append('|')
                .append(header(action)).append('|').append(severity).append('|');
        boolean first = true;
        for (Map.Entry<String, String> e : extension.entrySet()) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            sb.append(e.getKey()).append('=').append(value(e.getValue()));
        }
        return sb.toString();
    }

    /** The extension key-value pairs, in a fixed order. */
    static Map<String, String> extension(AuditRecord r) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("rt", Long.toString(r.recordedAt().toEpochMilli()));
        ext.put("externalId", r.id());
        ext.put("act", r.action());
        ext.put("outcome", r.outcome());
        ext.put("suser", r.actor().id());
        ext.put("cs1Label", "actorType");
        ext.put("cs1", r.actor().type());
        ext.put("cs2Label", "chain");
        ext.put("cs2", r.chain().toString());
        ext.put("cn1Label", "seq");
        ext.put("cn1", Long.toString(r.seq()));
        ext.put("cs3Label", "recordHash");
        ext.put("cs3", r.recordHash());
        r.resourceRef().ifPresent(res -> {
            ext.put("cs4Label", "resourceType");
            ext.put("cs4", res.type());
            ext.put("cs5Label", "resourceId");
            ext.put("cs5", res.id());
        });
        r.subject().ifPresent(s -> {
            ext.put("cs6Label", "subject");
            ext.put("cs6", s);
        });
        return ext;
    }

    static String header(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '|' -> sb.append("\\|");
                case '\r', '\n' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String value(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '=' -> sb.append("\\=");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
