package dev.custody.domain.spool;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventJson;
import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.ChainId;
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
            list.add(Map.of("id", ids.get(i), "event", EventJson.toMap(events.get(i))));
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
            events.add(EventJson.fromMap(m.get("event")));
        }
        return new SpoolEntry(acceptedAt, afterSeq, ids, events);
    }
}
