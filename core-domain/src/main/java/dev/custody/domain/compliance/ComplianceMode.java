package dev.custody.domain.compliance;

import java.util.Locale;

/** A regulatory posture that selects defaults for the compliance flags; each flag can be overridden. */
public enum ComplianceMode {
    /** No constraints: asynchronous writes allowed, no chain, deletions allowed. */
    NONE(false, false, false),
    /** SOC 2: synchronous writes and a hash chain. */
    SOC2(true, true, false),
    /** HIPAA: synchronous writes, a hash chain and immutable audit data. */
    HIPAA(true, true, true);

    private final boolean syncAuditWrites;
    private final boolean hashChain;
    private final boolean immutableAudit;

    ComplianceMode(boolean syncAuditWrites, boolean hashChain, boolean immutableAudit) {
        this.syncAuditWrites = syncAuditWrites;
        this.hashChain = hashChain;
        this.immutableAudit = immutableAudit;
    }

    /** The flags this mode sets when nothing overrides them. */
    public ComplianceSettings defaults() {
        return new ComplianceSettings(this, syncAuditWrites, immutableAudit, hashChain);
    }

    /** The configuration spelling: {@code none}, {@code soc2}, {@code hipaa}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the configuration spelling, ignoring case.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static ComplianceMode parse(String value) {
        for (ComplianceMode m : values()) {
            if (m.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be one of none, soc2, hipaa");
    }
}
