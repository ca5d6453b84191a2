package dev.custody.domain.compliance;

import static java.util.Objects.requireNonNull;

/**
 * The effective compliance flags: the mode's defaults with any overrides applied. Fixed at startup.
 *
 * @param mode the mode the defaults came from
 * @param syncAuditWrites an append is acknowledged only once durable in the system of record
 * @param immutableAudit every deletion of audit data is refused ({@code COMPLIANCE_VIOLATION})
 * @param hashChain records are chained by hash; requires a backend with atomic conditional appends
 */
public record ComplianceSettings(ComplianceMode mode, boolean syncAuditWrites, boolean immutableAudit, boolean hashChain) {

    public ComplianceSettings {
        requireNonNull(mode, "mode is null");
    }

    /** {@code mode}'s defaults, each replaced by its override when the override is not null. */
    public static ComplianceSettings of(ComplianceMode mode, Boolean syncAuditWrites, Boolean immutableAudit, Boolean hashChain) {
        ComplianceSettings d = mode.defaults();
        return new ComplianceSettings(mode,
                syncAuditWrites == null ? d.syncAuditWrites() : syncAuditWrites,
                immutableAudit == null ? d.immutableAudit() : immutableAudit,
                hashChain == null ? d.hashChain() : hashChain);
    }

    /**
     * Checks that audit data may be deleted: a deletion that would lose records nobody keeps elsewhere
     * (retention) is refused while {@link #immutableAudit()}. Moving records to the archive is not a deletion.
     *
     * @param operation what would delete, for the message ({@code retention delete of 42 warm records})
     * @throws ComplianceViolationException when immutable audit is in force; nothing has changed then
     */
    public void requireDeletionAllowed(String operation) {
        if (immutableAudit) {
            throw new ComplianceViolationException(operation, "custody.compliance.immutable-audit is on (mode "
                    + mode.configName() + "); audit data is never deleted. Set custody.compliance.immutable-audit=false "
                    + "to let retention delete, or remove delete-after from the retention policies");
        }
    }
}
