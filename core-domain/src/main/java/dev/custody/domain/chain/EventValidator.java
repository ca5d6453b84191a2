package dev.custody.domain.chain;

import dev.custody.ports.Ref;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an event's fields and payload before anything is encoded; each rejection names the field. */
final class EventValidator {

    static final Set<String> KINDS =
            Set.of("decision", "llm_call", "access", "gdpr_erasure", "retention", "custody", "admin");
    private static final Pattern CUSTOM_KIND = Pattern.compile("x-[a-z0-9][a-z0-9._-]{0,61}");
    static final int MAX_NAME_CHARS = 256;
    /** Largest magnitude an I-JSON number may have here: 2^53. */
    static final double MAX_SAFE = 9007199254740992d;
    private static final long MAX_SAFE_LONG = 9007199254740992L;

    private final EventLimits limits;

    EventValidator(EventLimits limits) {
        this.limits = limits;
    }

    void validate(AuditEvent e) {
        if (!KINDS.contains(e.kind()) && !CUSTOM_KIND.matcher(e.kind()).matches()) {
            throw new InvalidEventException("/kind", "must be one of " + KINDS.stream().sorted().toList()
                    + " or a custom kind x-… matching " + CUSTOM_KIND.pattern());
        }
        name("/action", e.action());
        ref("/actor", e.actor());
        if (e.resource() != null) {
            ref("/resource", e.resource());
        }
        name("/outcome", e.outcome());
        if (e.subjectId() != null) {
            name("/subject_id", e.subjectId());
        }
        if (e.occurredAt() != null && !Timestamps.isRfc3339(e.occurredAt())) {
            throw new InvalidEventException("/occurred_at", "must be an RFC 3339 date-time such as 2026-11-23T06:00:00Z");
        }
        if (e.payload() != null) {
            value("/payload", e.payload(), 2);
        }
    }

    private static void ref(String field, Ref ref) {
        name(field + "/type", ref.type());
        name(field + "/id", ref.id());
    }

    private static void name(String field, String v) {
        if (v == null || v.isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        if (v.length() > MAX_NAME_CHARS) {
            throw new InvalidEventException(field, "must be at most " + MAX_NAME_CHARS + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new InvalidEventException(field, "must not contain control characters");
            }
        }
        text(field, v);
    }

    private void value(String pointer, Object v, int depth) {
        if (v == null || v instanceof Boolean) {
            return;
        }
        if (v instanceof String s) {
            if (s.length() > limits.record().maxStringChars()) {
                throw new InvalidEventException(pointer, "is a string of " + s.length() + " characters, more than the limit of "
                        + limits.record().maxStringChars() + " (custody.limits.max-string-chars)");
            }
            text(pointer, s);
        } else if (v instanceof Number n) {
            number(pointer, n);
        } else if (v instanceof Map<?, ?> m) {
            container(pointer, depth);
            for (Map.Entry<?, ?> entry : m.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new InvalidEventException(pointer, "object keys must be strings");
                }
                if (key.length() > limits.record().maxNameChars()) {
                    throw new InvalidEventException(pointer, "has a member name of " + key.length()
                            + " characters, more than the limit of " + limits.record().maxNameChars()
                            + " (custody.limits.max-name-chars)");
                }
                text(pointer, key);
                value(pointer + "/" + escape(key), entry.getValue(), depth + 1);
            }
        } else if (v instanceof List<?> list) {
            container(pointer, depth);
            for (int i = 0; i < list.size(); i++) {
                value(pointer + "/" + i, list.get(i), depth + 1);
            }
        } else {
            throw new InvalidEventException(pointer, "unsupported JSON value of type " + v.getClass().getSimpleName());
        }
    }

    private void container(String pointer, int depth) {
        if (depth > limits.maxDepth()) {
            throw new InvalidEventException(pointer, "nesting is deeper than " + limits.maxDepth() + " levels");
        }
    }

    private static void number(String pointer, Number n) {
        double d;
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            long l = n.longValue();
            if (l > MAX_SAFE_LONG || l < -MAX_SAFE_LONG) {
                throw new InvalidEventException(pointer, "integer " + l + " is outside ±2^53 (I-JSON)");
            }
            return;
        } else if (n instanceof BigInteger || n instanceof BigDecimal) {
            d = n.doubleValue();
        } else if (n instanceof Double || n instanceof Float) {
            d = n.doubleValue();
        } else {
            throw new InvalidEventException(pointer, "unsupported number type " + n.getClass().getSimpleName());
        }
        if (!Double.isFinite(d)) {
            throw new InvalidEventException(pointer, "number must be finite (I-JSON)");
        }
        if (Math.abs(d) > MAX_SAFE) {
            throw new InvalidEventException(pointer, "number " + n + " is outside ±2^53 (I-JSON)");
        }
    }

    /** Rejects strings that cannot be written as UTF-8 (an unpaired surrogate). */
    private static void text(String pointer, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidEventException(pointer, "contains an unpaired surrogate (not valid Unicode)");
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidEventException(pointer, "contains an unpaired surrogate (not valid Unicode)");
            }
        }
    }

    /** RFC 6901 escaping of one pointer token. */
    private static String escape(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }
}
