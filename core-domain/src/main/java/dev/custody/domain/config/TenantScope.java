package dev.custody.domain.config;

import dev.custody.ports.ChainId;

/**
 * Which chains a key may touch: {@code namespace/tenant}, where either part may be {@code *} (any).
 *
 * @param namespace a namespace or {@code *}
 * @param tenant a tenant or {@code *}
 */
public record TenantScope(String namespace, String tenant) {

    /** Every chain. */
    public static final TenantScope ALL = new TenantScope("*", "*");

    public TenantScope {
        check(namespace);
        check(tenant);
    }

    /**
     * Parses {@code namespace/tenant}.
     *
     * @throws IllegalArgumentException when it is not of that form
     */
    public static TenantScope parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("must be namespace/tenant, either part may be *");
        }
        return new TenantScope(text.substring(0, slash).trim(), text.substring(slash + 1).trim());
    }

    /** Whether {@code chain} is inside this scope. */
    public boolean covers(ChainId chain) {
        return (namespace.equals("*") || namespace.equals(chain.namespace()))
                && (tenant.equals("*") || tenant.equals(chain.tenant()));
    }

    /** Whether every chain {@code inner} covers is inside this scope too. */
    public boolean contains(TenantScope inner) {
        return (namespace.equals("*") || namespace.equals(inner.namespace()))
                && (tenant.equals("*") || tenant.equals(inner.tenant()));
    }

    private static void check(String part) {
        if (!"*".equals(part) && !ChainId.isValidName(part)) {
            throw new IllegalArgumentException("must be namespace/tenant with names matching "
                    + ChainId.NAME_PATTERN.pattern() + " or *");
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + tenant;
    }
}
