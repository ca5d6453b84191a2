package dev.custody.domain.chain;

import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordLimits;
import dev.custody.ports.Ref;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An accepted event as JSON (the client's field names; canonical form as a line) and back: the ingest buffer of
 * the hot tier and the spool keep events this way. Written only from events that passed validation, so reading
 * it back cannot fail on valid input.
 */
public final class EventJson {

    private EventJson() {
    }

    /** The event as one canonical JSON line. */
    public static String write(AuditEvent e) {
        return Jcs.canonicalize(toMap(e));
    }

    /** The event as a JSON object (for embedding in a larger document). */
    public static Map<String, Object> toMap(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", e.chain().namespace());
        m.put("tenant", e.chain().tenant());
        m.put("kind", e.kind());
        m.put("action", e.action());
        m.put("actor", Map.of("type", e.actor().type(), "id", e.actor().id()));
        if (e.resource() != null) {
            m.put("resource", Map.of("type", e.resource().type(), "id", e.resource().id()));
        }
        m.put("outcome", e.outcome());
        if (e.subjectId() != null) {
            m.put("subject_id", e.subjectId());
        }
        if (e.occurredAt() != null) {
            m.put("occurred_at", e.occurredAt());
        }
        if (e.payload() != null) {
            m.put("payload", e.payload());
        }
        return m;
    }

    /** @throws IllegalArgumentException when the line is not an event this class wrote */
    @SuppressWarnings("unchecked")
    public static AuditEvent read(String json) {
        return fromMap(Json.parse(json, RecordLimits.READER_MAX_DEPTH));
    }

    /** @throws IllegalArgumentException when {@code parsed} is not an event object this class wrote */
    @SuppressWarnings("unchecked")
    public static AuditEvent fromMap(Object parsed) {
        if (!(parsed instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("event JSON is not an object");
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        AuditEvent.Builder b = AuditEvent.builder(ChainId.of(text(m, "namespace"), text(m, "tenant")))
                .kind(text(m, "kind")).action(text(m, "action")).actor(ref(m.get("actor")))
                .outcome(text(m, "outcome"));
        if (m.get("resource") != null) {
            b.resource(ref(m.get("resource")));
        }
        if (m.get("subject_id") != null) {
            b.subjectId(text(m, "subject_id"));
        }
        if (m.get("occurred_at") != null) {
            b.occurredAt(text(m, "occurred_at"));
        }
        if (m.get("payload") != null) {
            b.payload((Map<String, ?>) m.get("payload"));
        }
        return b.build();
    }

    private static String text(Map<String, Object> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("event JSON field " + field + " is not a string");
        }
        return s;
    }

    private static Ref ref(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("type") instanceof String t) || !(m.get("id") instanceof String id)) {
            throw new IllegalArgumentException("event JSON has a malformed actor or resource");
        }
        return new Ref(t, id);
    }
}
