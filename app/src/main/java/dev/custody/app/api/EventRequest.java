package dev.custody.app.api;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ServiceChains;
import dev.custody.domain.config.IngestLimits;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /v1/audit/events}: one event object, or {@code {"events": [...]}}. Every
 * event is mapped and checked before anything is appended, and all must target one chain.
 *
 * @param events the events in request order
 * @param batch whether the body was the {@code {"events": [...]}} form (pointers start {@code /events/i})
 */
record EventRequest(List<AuditEvent> events, boolean batch) {

    static final Set<String> EVENT_FIELDS = Set.of("namespace", "tenant", "kind", "action", "actor", "resource",
            "outcome", "subject_id", "occurred_at", "payload");
    private static final Set<String> REF_FIELDS = Set.of("type", "id");

    /** The chain every event targets. */
    ChainId chain() {
        return events.get(0).chain();
    }

    /** The pointer prefix of event {@code i}: {@code /events/i} in a batch, empty for a single event. */
    String pointer(int i) {
        return batch ? "/events/" + i : "";
    }

    /** @throws ProblemException INVALID_JSON or INVALID_EVENT naming the field */
    static EventRequest parse(byte[] body, IngestLimits limits) {
        int maxBatchEvents = limits.maxBatchEvents();
        JsonObject root = JsonBody.parseEvents(body, limits.event().record());
        if (!root.has("events")) {
            return new EventRequest(List.of(event(root)), false);
        }
        root.allowOnly(Set.of("events"));
        List<?> raw = root.array("events");
        if (raw.isEmpty()) {
            throw ProblemException.at(ProblemCode.INVALID_EVENT, "/events", "/events: must hold at least one event");
        }
        if (raw.size() > maxBatchEvents) {
            throw ProblemException.at(ProblemCode.INVALID_EVENT, "/events", "/events: a request may hold at most "
                    + maxBatchEvents + " events, got " + raw.size());
        }
        List<AuditEvent> events = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String at = "/events/" + i;
            if (!(raw.get(i) instanceof Map<?, ?> m)) {
                throw ProblemException.at(ProblemCode.INVALID_EVENT, at, at + ": must be an object, got "
                        + JsonObject.typeOf(raw.get(i)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            events.add(event(new JsonObject(map, at, ProblemCode.INVALID_EVENT)));
        }
        EventRequest request = new EventRequest(List.copyOf(events), true);
        request.requireOneChain();
        return request;
    }

    private void requireOneChain() {
        ChainId first = chain();
        for (int i = 1; i < events.size(); i++) {
            ChainId c = events.get(i).chain();
            if (!c.equals(first)) {
                String field = pointer(i) + (c.namespace().equals(first.namespace()) ? "/tenant" : "/namespace");
                throw ProblemException.at(ProblemCode.INVALID_EVENT, field, "all events of one request must belong to one chain: "
                        + "event " + i + " targets " + c + " but event 0 targets " + first
                        + "; nothing was stored, send one request per chain");
            }
        }
    }

    private static AuditEvent event(JsonObject o) {
        o.allowOnly(EVENT_FIELDS);
        String namespace = name(o, "namespace");
        if (ServiceChains.isReserved(namespace)) {
            throw o.fail("namespace", "'" + namespace + "' is reserved for the service's own records (custody, custody.*); "
                    + "choose another namespace");
        }
        String tenant = name(o, "tenant");
        AuditEvent.Builder b = AuditEvent.builder(ChainId.of(namespace, tenant))
                .kind(o.string("kind", true))
                .action(o.string("action", true))
                .actor(ref(o.object("actor", true)))
                .outcome(o.string("outcome", true))
                .subjectId(o.string("subject_id", false))
                .occurredAt(o.string("occurred_at", false))
                .payload(o.rawObject("payload", false));
        JsonObject resource = o.object("resource", false);
        if (resource != null) {
            b.resource(ref(resource));
        }
        return b.build();
    }

    private static String name(JsonObject o, String field) {
        String v = o.string(field, true);
        if (!ChainId.isValidName(v)) {
            throw o.fail(field, "must match " + ChainId.NAME_PATTERN.pattern() + " (lower-case letters, digits, . _ -; "
                    + "1 to 63 characters)");
        }
        return v;
    }

    private static Ref ref(JsonObject o) {
        o.allowOnly(REF_FIELDS);
        String type = o.string("type", true);
        String id = o.string("id", true);
        if (type.isEmpty()) {
            throw o.fail("type", "must not be empty");
        }
        if (id.isEmpty()) {
            throw o.fail("id", "must not be empty");
        }
        return new Ref(type, id);
    }
}
