package dev.custody.domain.spool;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One accepted request in the spool: its events with the ids their client was given, when it was accepted and,
 * when an append of it was already attempted (its outcome unknown), the chain's last confirmed seq before
 * that attempt. Stored as one canonical JSON line.
 *
 * @param acceptedAt when the spool took it
 * @param afterSeq null when never attempted; otherwise any copy already stored sits after this seq
 * @param ids the event ids, in order
 * @param events the events, in order
 */
record SpoolEntry(Instant acceptedAt, Long afterSeq, List<String> ids, List<AuditEvent> events) {

    SpoolEntry {
        ids = List.copyOf(ids);
        events = List.copyOf(events);
        if (ids.isEmpty() || ids.size() != events.size()) {
            throw new IllegalArgumentException("a spool entry needs one id per event");
        }
    }

    ChainId chain() {
        return events.get(0).chain();
    }

    /** The line, newline included. */
    byte[] toLine() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("accepted_at", acceptedAt.toString());
        if (afterSeq != null) {
            root.put("after_seq", afterSeq);
        }
        List<Object> list = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            list.add(Map.of("id", ids.get(i), "event", toMap(events.get(i))));
        }
        root.put("events", list);
        return (Jcs.canonicalize(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** @throws RuntimeException when the line is not a spool entry */
    @SuppressWarnings("unchecked")
    static SpoolEntry parse(String line) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(line, Jcs.PARSE_MAX_DEPTH);
        Instant acceptedAt = Instant.parse((String) root.get("accepted_at"));
        Long afterSeq = (Long) root.get("after_seq");
        List<String> ids = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        for (Object o : (List<Object>) root.get("events")) {
            Map<String, Object> m = (Map<String, Object>) o;
            ids.add((String) m.get("id"));
            events.add(fromMap((Map<String, Object>) m.get("event")));
        }
        return new SpoolEntry(acceptedAt, afterSeq, ids, events);
    }

    private static Map<String, Object> toMap(AuditEvent e) {
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

    @SuppressWarnings("unchecked")
    private static AuditEvent fromMap(Map<String, Object> m) {
        AuditEvent.Builder b = AuditEvent.builder(ChainId.of((String) m.get("namespace"), (String) m.get("tenant")))
                .kind((String) m.get("kind"))
                .action((String) m.get("action"))
                .actor(ref((Map<String, Object>) m.get("actor")))
                .outcome((String) m.get("outcome"))
                .subjectId((String) m.get("subject_id"))
                .occurredAt((String) m.get("occurred_at"))
                .payload((Map<String, Object>) m.get("payload"));
        if (m.get("resource") != null) {
            b.resource(ref((Map<String, Object>) m.get("resource")));
        }
        return b.build();
    }

    private static Ref ref(Map<String, Object> m) {
        return new Ref((String) m.get("type"), (String) m.get("id"));
    }
}
