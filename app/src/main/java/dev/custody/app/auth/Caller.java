package dev.custody.app.auth;

import static java.util.Objects.requireNonNull;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.domain.config.ApiKeyConfig;
import dev.custody.domain.config.Role;
import dev.custody.ports.ChainId;
import io.micronaut.http.HttpRequest;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The API key a request was authenticated with. Controllers ask it whether the caller may do what it
 * asks; each refusal is a {@code FORBIDDEN} problem naming what is missing.
 */
public record Caller(ApiKeyConfig key) {

    /** The request attribute the filter stores the caller under. */
    static final String ATTRIBUTE = "custody.caller";

    public Caller {
        requireNonNull(key, "key is null");
    }

    /** The caller of an authenticated request. */
    public static Caller of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class)
                .orElseThrow(() -> ProblemException.of(ProblemCode.UNAUTHORIZED, "an API key is required"));
    }

    public String name() {
        return key.name();
    }

    /** @throws ProblemException FORBIDDEN unless the key has one of {@code roles} (admin has all) */
    public void requireAnyRole(Role... roles) {
        for (Role r : roles) {
            if (key.has(r)) {
                return;
            }
        }
        throw ProblemException.of(ProblemCode.FORBIDDEN, "API key '" + key.name() + "' lacks the role "
                + Arrays.stream(roles).map(Role::configName).collect(Collectors.joining(" or ")) + " needed here");
    }

    /**
     * @throws ProblemException FORBIDDEN unless the key covers {@code chain}, a chain the request named: the answer
     *     depends on the key and the name only, never on what is stored, and echoes no name
     */
    public void requireCovers(ChainId chain, String field) {
        if (!key.covers(chain)) {
            throw ProblemException.at(ProblemCode.FORBIDDEN, field, "API key '" + key.name() + "' may not access this chain "
                    + "(its scopes: " + key.tenants() + ")");
        }
    }

    /**
     * @throws ProblemException FORBIDDEN unless the key covers every chain ({@code *}{@code /*}): what acts on every
     *     tenant at once, such as erasing a subject (ADR 0086)
     */
    public void requireAllTenants(String what) {
        if (!key.coversAll()) {
            throw ProblemException.of(ProblemCode.FORBIDDEN, "API key '" + key.name() + "' is scoped to " + key.tenants()
                    + "; " + what + " needs a key scoped */*");
        }
    }

    /** Whether the key covers {@code chain}. */
    public boolean covers(ChainId chain) {
        return key.covers(chain);
    }

    /** Whether the key covers every chain of {@code scope} ({@code billing/*}: every tenant of billing). */
    public boolean covers(dev.custody.domain.config.TenantScope scope) {
        return key.coversScope(scope);
    }

    /**
     * @throws ProblemException FORBIDDEN unless the key covers every chain of {@code scope}, a scope the request named;
     *     like {@link #requireCovers(ChainId, String)}, the answer depends on the key and the name only
     */
    public void requireCovers(dev.custody.domain.config.TenantScope scope, String field) {
        if (!key.coversScope(scope)) {
            throw ProblemException.at(ProblemCode.FORBIDDEN, field, "API key '" + key.name() + "' may not access every chain "
                    + "of this scope (its scopes: " + key.tenants() + ")");
        }
    }
}
