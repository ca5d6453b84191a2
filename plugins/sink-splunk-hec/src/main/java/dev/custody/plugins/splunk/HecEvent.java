package dev.custody.plugins.splunk;

import dev.custody.ports.AuditRecord;

/**
 * One HEC event object: {@code {"time":<epoch seconds.millis>,"host","source","sourcetype","index",
 * "fields":{"chain","seq","kind","severity"},"event":<stored record>}}; {@code host} and {@code index} only when
 * configured; {@code severity} from the sink's {@link dev.custody.ports.spi.SeverityTable} ({@code informational} …).
 */
final class HecEvent {

    private HecEvent() {
    }

    static String json(AuditRecord r, HecSettings s) {
        long ms = r.recordedAt().toEpochMilli();
        StringBuilder sb = new StringBuilder(r.json().length() + 256).append("{\"time\":")
                .append(ms / 1000).append('.').append(String.format("%03d", ms % 1000));
        if (s.host() != null) {
            sb.append(",\"host\":").append(quote(s.host()));
        }
        sb.append(",\"source\":").append(quote(s.source())).append(",\"sourcetype\":").append(quote(s.sourcetype()));
        if (s.index() != null) {
            sb.append(",\"index\":").append(quote(s.index()));
        }
        sb.append(",\"fields\":{\"chain\":").append(quote(r.chain().toString())).append(",\"seq\":").append(r.seq())
                .append(",\"kind\":").append(quote(r.kind()))
                .append(",\"severity\":").append(quote(s.severity().of(r.outcome()).configName()))
                .append("},\"event\":").append(r.json()).append('}');
        return sb.toString();
    }

    static String quote(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
