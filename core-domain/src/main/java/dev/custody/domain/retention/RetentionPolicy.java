package dev.custody.domain.retention;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code custody.retention.policies}: which records it covers ({@code *} matches any value) and
 * when they go to the archive and when they are deleted. A policy without {@code delete-after} keeps records
 * for ever; one without {@code archive-after} does not archive.
 *
 * @param namespace a namespace or {@code *}
 * @param tenant a tenant or {@code *}
 * @param kind a record kind or {@code *}; a policy naming a kind may not set {@code archiveAfter}, because
 *     archival moves contiguous ranges of a chain whatever their kinds
 * @param archiveAfter records older than this are archived, or null
 * @param deleteAfter records older than this are deleted, or null
 */
public record RetentionPolicy(String namespace, String tenant, String kind, RetentionAge archiveAfter, RetentionAge deleteAfter) {

    /** Matches any value. */
    public static final String ANY = "*";

    public RetentionPolicy {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(kind, "kind is null");
        if (archiveAfter == null && deleteAfter == null) {
            throw new IllegalArgumentException("policy " + pattern(namespace, tenant, kind) + " sets neither archive-after nor delete-after");
        }
        if (archiveAfter != null && !ANY.equals(kind)) {
            throw new IllegalArgumentException("policy " + pattern(namespace, tenant, kind)
                    + ": archive-after applies to whole chains; set it on a policy with kind *");
        }
    }

    /** Whether this policy covers records of this chain and kind. */
    public boolean matches(String recordNamespace, String recordTenant, String recordKind) {
        return (ANY.equals(namespace) || namespace.equals(recordNamespace)) && (ANY.equals(tenant) || tenant.equals(recordTenant))
                && (ANY.equals(kind) || kind.equals(recordKind));
    }

    /**
     * How specific the policy is: a named namespace outweighs a named tenant, which outweighs a named kind
     * ({@code 4 + 2 + 1}). The most specific matching policy wins.
     */
    public int specificity() {
        return (ANY.equals(namespace) ? 0 : 4) + (ANY.equals(tenant) ? 0 : 2) + (ANY.equals(kind) ? 0 : 1);
    }

    /** {@code namespace/tenant/kind}. */
    public String pattern() {
        return pattern(namespace, tenant, kind);
    }

    private static String pattern(String namespace, String tenant, String kind) {
        return namespace + "/" + tenant + "/" + kind;
    }
}
