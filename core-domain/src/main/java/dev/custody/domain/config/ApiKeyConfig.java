package dev.custody.domain.config;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ChainId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One API key. Only the SHA-256 of the token is configured, never the token.
 *
 * @param name who holds it, for logs and access records
 * @param tokenSha256 lower-case hex SHA-256 of the bearer token
 * @param roles what it may do, at least one
 * @param tenants which chains, at least one scope
 */
public record ApiKeyConfig(String name, String tokenSha256, Set<Role> roles, List<TenantScope> tenants) {

    public ApiKeyConfig {
        requireNonNull(name, "name is null");
        requireNonNull(tokenSha256, "tokenSha256 is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (!tokenSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("token-sha256 must be 64 lower-case hex digits (the SHA-256 of the token)");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("roles must name at least one of writer, reader, auditor, admin, metrics");
        }
        if (tenants == null || tenants.isEmpty()) {
            throw new IllegalArgumentException("tenants must list at least one namespace/tenant scope (use */* for all)");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
        tenants = List.copyOf(tenants);
    }

    /** Whether the key has {@code role}; {@code admin} has every role. */
    public boolean has(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }

    /** Whether one of the key's scopes is {@code *}{@code /*}: it may touch every chain, present and future. */
    public boolean coversAll() {
        return tenants.contains(TenantScope.ALL);
    }

    /** Whether the key covers every chain of {@code scope} (a legal hold over a whole tenant or namespace, say). */
    public boolean coversScope(TenantScope scope) {
        return tenants.stream().anyMatch(t -> t.contains(scope));
    }

    /** Whether the key may touch {@code chain}. */
    public boolean covers(ChainId chain) {
        for (TenantScope s : tenants) {
            if (s.covers(chain)) {
                return true;
            }
        }
        return false;
    }
}
