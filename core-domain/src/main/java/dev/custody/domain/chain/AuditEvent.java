package dev.custody.domain.chain;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client asks to record, before Custody assigns its place in the chain. Validation of the
 * content (names, sizes, numbers) happens when it is prepared for appending; see {@link EventLimits}.
 *
 * @param chain the chain to append to
 * @param kind {@code decision}, {@code llm_call}, {@code access}, {@code gdpr_erasure}, {@code retention},
 *     {@code custody}, {@code admin} or a custom {@code x-…}
 * @param action what was done
 * @param actor who did it
 * @param resource what it was done to, or null
 * @param outcome the result
 * @param subjectId the data subject, or null
 * @param occurredAt client time, RFC 3339, or null
 * @param payload free JSON object (Map/List/String/Number/Boolean/null values), or null for none
 */
public record AuditEvent(
        ChainId chain,
        String kind,
        String action,
        Ref actor,
        Ref resource,
        String outcome,
        String subjectId,
        String occurredAt,
        Map<String, Object> payload) {

    public AuditEvent {
        requireNonNull(chain, "chain is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(action, "action is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(outcome, "outcome is null");
        payload = payload == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** A builder for an event on {@code chain}. */
    public static Builder builder(ChainId chain) {
        return new Builder(chain);
    }

    /** Builds an {@link AuditEvent}; kind, action, actor and outcome are required. */
    public static final class Builder {
        private final ChainId chain;
        private String kind;
        private String action;
        private Ref actor;
        private Ref resource;
        private String outcome;
        private String subjectId;
        private String occurredAt;
        private Map<String, Object> payload;

        private Builder(ChainId chain) {
            this.chain = requireNonNull(chain, "chain is null");
        }

        public Builder kind(String v) { this.kind = v; return this; }
        public Builder action(String v) { this.action = v; return this; }
        public Builder actor(String type, String id) { this.actor = new Ref(type, id); return this; }
        public Builder actor(Ref v) { this.actor = v; return this; }
        public Builder resource(String type, String id) { this.resource = new Ref(type, id); return this; }
        public Builder resource(Ref v) { this.resource = v; return this; }
        public Builder outcome(String v) { this.outcome = v; return this; }
        public Builder subjectId(String v) { this.subjectId = v; return this; }
        public Builder occurredAt(String v) { this.occurredAt = v; return this; }
        public Builder payload(Map<String, ?> v) {
            this.payload = v == null ? null : new LinkedHashMap<>(v);
            return this;
        }

        /** @throws NullPointerException when a required field is missing */
        public AuditEvent build() {
            return new AuditEvent(chain, kind, action, actor, resource, outcome, subjectId, occurredAt, payload);
        }
    }
}
