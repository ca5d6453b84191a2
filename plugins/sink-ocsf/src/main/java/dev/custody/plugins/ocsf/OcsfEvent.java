package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.spi.Severity;
import dev.custody.ports.spi.SeverityTable;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a record to an OCSF 1.1.0 event (docs/plugins.md §6, ADR 0134). Every record is an API Activity (class
 * 6003, category 6) whose activity comes from the action's verb (create 1, read 2, update 3, delete 4, otherwise
 * other 99 with {@code activity_name} = the action); a {@code gdpr_erasure} record is an Entity Management Delete
 * (class 3004, category 3, activity 4) of the data subject, with the {@code host} profile its {@code actor} needs.
 * {@code type_uid = class_uid * 100 + activity_id}. The stored record travels unchanged in {@code raw_data} (up to
 * OCSF's 65535-character string limit); kind, chain, seq and hash in {@code unmapped.custody}.
 */
final class OcsfEvent {

    static final String VERSION = "1.1.0";

    /** OCSF's {@code string_t} max_len: a longer {@code raw_data} is left out (and said so in unmapped). */
    static final int MAX_STRING = 65_535;

    private static final Set<String> SUCCEEDED = Set.of("success", "succeeded", "ok", "allowed", "approved", "granted",
            "completed", "erased");
    private static final Set<String> FAILED = Set.of("failure", "failed", "error", "denied", "rejected", "blocked");
    private static final Set<String> SERVICES = Set.of("service", "system", "api_key", "machine", "bot");

    private final SeverityTable severity;
    private final String productVersion;

    OcsfEvent(SeverityTable severity, String productVersion) {
        this.severity = severity;
        this.productVersion = productVersion;
    }

    String json(AuditRecord r) {
        boolean erasure = r.kind().equals("gdpr_erasure");
        int classUid = erasure ? 3004 : 6003;
        int activity = erasure ? 4 : activity(r.action(), r.kind());
        int status = status(r.outcome());
        Severity sev = severity.of(r.outcome());
        StringBuilder sb = new StringBuilder(r.json().length() * 2 + 768).append('{')
                .append("\"class_uid\":").append(classUid)
                .append(",\"category_uid\":").append(classUid / 1000)
                .append(",\"activity_id\":").append(activity)
                .append(",\"type_uid\":").append(classUid * 100 + activity);
        if (activity == 99) {
            sb.append(",\"activity_name\":").append(quote(r.action()));
        }
        sb.append(",\"severity_id\":").append(sev.ocsfId()).append(",\"severity\":").append(quote(sev.caption()))
                .append(",\"time\":").append(r.recordedAt().toEpochMilli()).append(",\"timezone_offset\":0")
                .append(",\"status_id\":").append(status);
        if (status == 99) {
            sb.append(",\"status\":").append(quote(r.outcome()));
        }
        sb.append(",\"status_detail\":").append(quote(r.outcome()));
        metadata(sb, r, erasure);
        sb.append(",\"actor\":{\"user\":").append(user(r.actor().type(), r.actor().id())).append('}');
        if (erasure) {
            sb.append(",\"entity\":{\"uid\":").append(quote(r.subject().orElse(r.resourceRef().map(x -> x.id()).orElse("unknown"))))
                    .append(",\"type\":\"data_subject\"}");
        } else {
            sb.append(",\"api\":{\"operation\":").append(quote(r.action()))
                    .append(",\"service\":{\"name\":").append(quote(r.chain().namespace())).append("}}")
                    .append(",\"src_endpoint\":{\"svc_name\":").append(quote(source(r))).append('}');
            r.resourceRef().ifPresent(res -> sb.append(",\"resources\":[{\"uid\":").append(quote(res.id()))
                    .append(",\"type\":").append(quote(res.type())).append("}]"));
        }
        sb.append(",\"unmapped\":{\"custody\":{\"kind\":").append(quote(r.kind()))
                .append(",\"chain\":").append(quote(r.chain().toString()))
                .append(",\"seq\":").append(r.seq())
                .append(",\"record_hash\":").append(quote(r.recordHash()))
                .append(",\"actor_type\":").append(quote(r.actor().type()));
        r.subject().ifPresent(s -> sb.append(",\"subject_id\":").append(quote(s)));
        boolean rawFits = r.json().length() <= MAX_STRING;
        if (!rawFits) {
            sb.append(",\"raw_data_omitted\":").append(quote("the record has " + r.json().length()
                    + " characters, more than OCSF's string limit of " + MAX_STRING + "; fetch it by metadata.uid"));
        }
        sb.append("}}");
        if (rawFits) {
            sb.append(",\"raw_data\":").append(quote(r.json()));
        }
        return sb.append('}').toString();
    }

    private void metadata(StringBuilder sb, AuditRecord r, boolean erasure) {
        sb.append(",\"metadata\":{\"version\":\"").append(VERSION).append('"');
        if (erasure) {
            sb.append(",\"profiles\":[\"host\"]");   // actor is an attribute of the host profile in Entity Management
        }
        sb.append(",\"uid\":").append(quote(r.id()))
                .append(",\"product\":{\"name\":\"Custody\",\"vendor_name\":\"Custody\",\"version\":")
                .append(quote(productVersion)).append('}')
                .append(",\"log_provider\":\"Custody\"")
                .append(",\"log_name\":").append(quote(r.chain().toString()))
                .append(",\"tenant_uid\":").append(quote(r.chain().tenant()))
                .append(",\"original_time\":").append(quote(r.recordedAt().toString()));
        if (r.seq() <= Integer.MAX_VALUE) {
            sb.append(",\"sequence\":").append(r.seq());   // integer_t is 32 bits; unmapped.custody.seq always holds it
        }
        sb.append('}');
    }

    /** {@code user} with {@code type_id}: user 1, admin/operator 2, a service or system principal 3, otherwise 99. */
    static String user(String type, String id) {
        String t = type.toLowerCase(Locale.ROOT);
        int typeId;
        String caption;
        if (t.equals("user") || t.equals("person") || t.equals("human") || t.equals("cli")) {
            typeId = 1;
            caption = "User";
        } else if (t.equals("admin") || t.equals("administrator") || t.equals("operator")) {
            typeId = 2;
            caption = "Admin";
        } else if (SERVICES.contains(t)) {
            typeId = 3;
            caption = "System";
        } else {
            typeId = 99;
            caption = type;
        }
        return "{\"uid\":" + quote(id) + ",\"type_id\":" + typeId + ",\"type\":" + quote(caption) + "}";
    }

    /**
     * The source endpoint's service name: the calling service when the actor is one, otherwise the namespace, the
     * application whose trail it is. A stored record holds no network address of its caller (ADR 0134).
     */
    static String source(AuditRecord r) {
        return SERVICES.contains(r.actor().type().toLowerCase(Locale.ROOT)) ? r.actor().id() : r.chain().namespace();
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
        String o = outcome.toLowerCase(Locale.ROOT);
        return SUCCEEDED.contains(o) ? 1 : FAILED.contains(o) ? 2 : 99;
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
