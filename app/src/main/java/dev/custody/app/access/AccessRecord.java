package dev.custody.app.access;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.ChainId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One read of the trail, as it is recorded: who read, what, through which operation, how many records it got and
 * why. Becomes an {@code access} event on {@link AccessLog#target(AccessRecord) the access chain} of the chain read, or,
 * refused, on the caller's own chain of refusals.
 *
 * @param operation what was asked, such as {@code audit.query} or {@code cli.export}
 * @param actorType {@code api_key} or {@code cli}
 * @param actorId the API key's name or the OS user
 * @param roles the key's roles ({@code cli} for the command line)
 * @param chain the chain read, or null when the request named none that could be resolved
 * @param filters the request's filters, a subject id only as its pseudonym
 * @param records records returned, verified or exported; -1 when nothing was read (denied)
 * @param outcome granted, denied (recorded on the caller's side) or incomplete
 * @param purpose the stated purpose, or null
 * @param reason why it was denied or cut, or null
 */
public record AccessRecord(String operation, String actorType, String actorId, List<String> roles, ChainId chain,
        Map<String, Object> filters, long records, Outcome outcome, String purpose, String reason) {

    /** How a read ended. */
    public enum Outcome {
        /** Answered in full. */
        GRANTED,
        /** Refused (403, or a record outside the key's scopes). */
        DENIED,
        /** A stream or export that was cut before its end. */
        INCOMPLETE;

        /** The lower-case name stored as the record's outcome. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AccessRecord {
        requireNonNull(operation, "operation is null");
        requireNonNull(actorType, "actorType is null");
        requireNonNull(actorId, "actorId is null");
        roles = List.copyOf(roles);
        filters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        requireNonNull(outcome, "outcome is null");
    }

    /** The {@code access} event on {@code target}. */
    AuditEvent toEvent(ChainId target) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("operation", operation);
        payload.put("roles", roles);
        if (chain != null) {
            payload.put("namespace", chain.namespace());
            payload.put("tenant", chain.tenant());
        }
        payload.put("filters", filters);
        if (records >= 0) {
            payload.put("records", records);
        }
        if (purpose != null) {
            payload.put("purpose", purpose);
        }
        if (reason != null) {
            payload.put("reason", reason);
        }
        AuditEvent.Builder b = AuditEvent.builder(target).kind("access").action(operation)
                .actor(actorType, actorId.isEmpty() ? "unknown" : actorId).outcome(outcome.wireName()).payload(payload);
        if (chain != null) {
            b.resource("chain", chain.toString());
        }
        return b.build();
    }
}
