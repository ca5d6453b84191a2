package dev.custody.domain.privacy;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.config.PrivacyConfig.KindRule;
import dev.custody.ports.Redactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the per-kind allow and deny lists, then every redactor in order, to an event's payload. The
 * result is what gets stored and hashed; what is removed never reaches a store.
 */
public final class Minimiser {

    /** Keeps every payload as it is. */
    public static final Minimiser NONE = new Minimiser(Map.of(), List.of());

    private final Map<String, KindRule> rules;
    private final List<Redactor> redactors;

    public Minimiser(Map<String, KindRule> rules, List<Redactor> redactors) {
        this.rules = Map.copyOf(requireNonNull(rules, "rules is null"));
        this.redactors = List.copyOf(requireNonNull(redactors, "redactors is null"));
    }

    /** Whether anything would ever change a payload. */
    public boolean isEmpty() {
        return rules.isEmpty() && redactors.isEmpty();
    }

    /** The payload to store for an event of {@code kind}; null stays null. */
    public Map<String, Object> apply(String kind, Map<String, Object> payload) {
        if (payload == null) {
            return null;
        }
        Map<String, Object> out = payload;
        KindRule rule = rules.get(kind);
        if (rule != null) {
            if (!rule.allow().isEmpty()) {
                Map<String, Object> kept = new LinkedHashMap<>();
                for (PayloadPointer p : rule.allow()) {
                    p.copy(out, kept);
                }
                out = kept;
            }
            for (PayloadPointer p : rule.deny()) {
                out = p.remove(out);
            }
        }
        for (Redactor r : redactors) {
            out = requireNonNull(r.redact(kind, out), () -> "redactor " + r.name() + " returned null");
        }
        return out;
    }
}
