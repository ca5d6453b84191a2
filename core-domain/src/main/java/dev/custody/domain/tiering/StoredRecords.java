package dev.custody.domain.tiering;

import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordLimits;
import dev.custody.ports.Ref;
import java.time.Instant;
import java.util.Map;

/** Rebuilds the index of a stored record ({@link AuditRecord}) from its stored JSON line. */
public final class StoredRecords {

    private StoredRecords() {
    }

    /**
     * @throws IllegalArgumentException when the line is not a format-v1 record
     */
    public static AuditRecord parse(String json) {
        if (!(Json.parse(json, RecordLimits.READER_MAX_DEPTH) instanceof Map<?, ?> o)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new AuditRecord(ChainId.of(str(o, "namespace"), str(o, "tenant")), num(o, "seq"), str(o, "id"),
                str(o, "prev_hash"), str(o, "record_hash"), Instant.parse(str(o, "recorded_at")), str(o, "kind"),
                str(o, "action"), ref(o.get("actor")), o.get("resource") == null ? null : ref(o.get("resource")),
                str(o, "outcome"), o.get("subject_id") instanceof String s ? s : null, json);
    }

    /** The {@code id} of a stored line, or null. */
    public static String idOf(String json) {
        try {
            return Json.parse(json, RecordLimits.READER_MAX_DEPTH) instanceof Map<?, ?> o && o.get("id") instanceof String s ? s : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Ref ref(Object o) {
        if (o instanceof Map<?, ?> m) {
            return new Ref(str(m, "type"), str(m, "id"));
        }
        throw new IllegalArgumentException("actor/resource must be an object");
    }

    private static String str(Map<?, ?> o, String f) {
        if (o.get(f) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("field " + f + " is missing or not a string");
    }

    private static long num(Map<?, ?> o, String f) {
        if (o.get(f) instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("field " + f + " is missing or not an integer");
    }
}
