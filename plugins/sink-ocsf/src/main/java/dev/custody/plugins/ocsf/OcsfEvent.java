package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditRecord;
import java.util.Locale;

/**
 * Maps a record to an OCSF 1.1.0 event. Every record is an API Activity (class 6003, category 6) whose
 * activity comes from the action's verb (create 1, read 2, update 3, delete 4, otherwise other 99 with
 * {@code activity_name} = the action); a {@code gdpr_erasure} record is an Entity Management Delete
 * (class 3004, category 3, activity 4) of the data subject. {@code type_uid = class_uid * 100 +
 * activity_id}. The stored record travels unchanged in {@code raw_data}; chain, seq and hash in
 * {@code unmapped.custody}.
 */
final class OcsfEvent {

    static final String VERSION = "1.1.0";

    private OcsfEvent() {
    }

    static String json(AuditRecord r) {
        boolean erasure = r.kind().equals("gdpr_erasure");
        int classUid = erasure ? 3004 : 6003;
        int activity = erasure ? 4 : activity(r.action(), r.kind());
        int status = status(r.outcome());
        StringBuilder sb = new StringBuilder(r.json().length() * 2 + 512).append('{')
                .append("\"class_uid\":").append(classUid)
                .append(",\"category_uid\":").append(classUid / 1000)
                .append(",\"activity_id\":").append(activity)
                .append(",\"type_uid\":").append(classUid * 100 + activity);
        if (activity == 99) {
            sb.append(",\"activity_name\":").append(quote(r.action()));
        }
        sb.append(",\"severity_id\":1,\"time\":").append(r.recordedAt().toEpochMilli())
                .append(",\"status_id\":").append(status);
        if (status == 99) {
            sb.append(",\"status\":").append(quote(r.outcome()));
        }
        sb.append(",\"metadata\":{\"version\":\"").append(VERSION).append("\",\"uid\":").append(quote(r.id()))
                .append(",\"product\":{\"name\":\"Custody\",\"vendor_name\":\"Custody\"}")
                .append(",\"log_name\":").append(quote(r.chain().toString()))
                .append(",\"sequence\":").append(r.seq()).append('}')
                .append(",\"actor\":{\"user\":{\"uid\":").append(quote(r.actor().id()))
                .append(",\"type\":").append(quote(r.actor().type())).append("}}");
        if (erasure) {
            sb.append(",\"entity\":{\"uid\":").append(quote(r.subject().orElse(r.resourceRef().map(x -> x.id()).orElse("unknown"))))
                    .append(",\"type\":\"data_subject\"}");
        } else {
            sb.append(",\"api\":{\"operation\":").append(quote(r.action()))
                    .append(",\"service\":{\"name\":").append(quote(r.chain().namespace())).append("}}")
                    .append(",\"src_endpoint\":{}");
            r.resourceRef().ifPresent(res -> sb.append(",\"resources\":[{\"uid\":").append(quote(res.id()))
                    .append(",\"type\":").append(quote(res.type())).append("}]"));
        }
        sb.append(",\"unmapped\":{\"custody\":{\"kind\":").append(quote(r.kind()))
                .append(",\"chain\":").append(quote(r.chain().toString()))
                .append(",\"seq\":").append(r.seq())
                .append(",\"record_hash\":").append(quote(r.recordHash()));
        r.subject().ifPresent(s -> sb.append(",\"subject_id\":").append(quote(s)));
        return sb.append("}},\"raw_data\":").append(quote(r.json())).append('}').toString();
    }

    /** The API Activity activity_id for an action: its first word decides. */
    static int activity(String action, String kind) {
        String verb = action.toLowerCase(Locale.ROOT).split("[._:/ -]")[0];
        return switch (verb) {
            case "create", "add", "insert", "post", "register", "new" -> 1;
            case "read", "get", "list", "query", "view", "search", "export", "download" -> 2;
            case "update", "modify", "edit", "put", "patch", "set", "approve", "reject" -> 3;
            case "delete", "remove", "purge", "erase", "destroy" -> 4;
            default -> kind.equals("access") ? 2 : 99;
        };
    }

    /** status_id: 1 success, 2 failure, 99 other (with {@code status} = the outcome). */
    static int status(String outcome) {
        return switch (outcome.toLowerCase(Locale.ROOT)) {
            case "success", "succeeded", "ok", "allowed", "approved", "granted" -> 1;
            case "failure", "failed", "error", "denied", "rejected", "blocked" -> 2;
            default -> 99;
        };
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
