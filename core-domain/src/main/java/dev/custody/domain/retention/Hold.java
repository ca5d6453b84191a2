package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A legal hold: while it stands, retention deletes none of the records it covers (nor anything after them in
 * their chain) and erasure of its subject is refused. The subject is only ever kept as pseudonyms.
 *
 * @param id the hold's id
 * @param namespace the namespace it covers, or {@code *}: every namespace (a hold over a whole tenant)
 * @param tenant the tenant it covers, or {@code *}: every tenant (a hold over a whole namespace)
 * @param subjectPseudonym the subject's service pseudonym (as erasure records name it), or null for all subjects
 * @param subjectMatch SHA-256 of what records store as the subject's {@code subject_id}, or null
 * @param from first recorded time covered (inclusive), or null
 * @param to end of the covered time (exclusive), or null
 * @param reason why
 * @param caseId the legal case
 * @param placedAt when it was placed
 * @param placedBy who placed it
 */
public record Hold(String id, String namespace, String tenant, String subjectPseudonym, String subjectMatch, Instant from,
        Instant to, String reason, String caseId, Instant placedAt, String placedBy) {

    public Hold {
        requireNonNull(id, "id is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(caseId, "caseId is null");
        requireNonNull(placedAt, "placedAt is null");
        requireNonNull(placedBy, "placedBy is null");
        new dev.custody.domain.config.TenantScope(namespace, tenant);   // names, or * for every one
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /**
     * The scope as shown to operators and written in the hold's admin record: namespace, tenant, the subject's
     * service pseudonym, from and to (absent parts null). Never the subject id, nor the record pseudonym it is
     * matched by.
     */
    public Map<String, Object> scopeJson() {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("namespace", namespace);
        scope.put("tenant", tenant);
        scope.put("subject_pseudonym", subjectPseudonym);
        scope.put("from", from == null ? null : from.toString());
        scope.put("to", to == null ? null : to.toString());
        return scope;
    }

    /** The chains the hold covers: one, every tenant of a namespace, or one tenant in every namespace. */
    public dev.custody.domain.config.TenantScope chains() {
        return new dev.custody.domain.config.TenantScope(namespace, tenant);
    }

    /** Whether the hold covers records of this chain (whatever their subject and time). */
    public boolean coversChain(ChainId chain) {
        return chains().covers(chain);
    }

    /** Whether the hold covers {@code record}. */
    public boolean covers(AuditRecord record) {
        if (!coversChain(record.chain())) {
            return false;
        }
        if (from != null && record.recordedAt().isBefore(from) || to != null && !record.recordedAt().isBefore(to)) {
            return false;
        }
        return subjectMatch == null && subjectPseudonym == null
                || subjectMatch != null && record.subjectId() != null
                        && subjectMatch.equals(dev.custody.domain.chain.Sha256.hex(record.subjectId()));
    }
}
