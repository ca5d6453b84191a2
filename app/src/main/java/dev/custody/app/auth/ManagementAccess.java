package dev.custody.app.auth;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.domain.config.ApiKeyConfig;
import dev.custody.domain.config.Role;
import dev.custody.domain.config.TenantScope;
import io.micronaut.context.annotation.Requires;
import io.micronaut.configuration.metrics.micrometer.prometheus.management.PrometheusEndpoint;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointDefaultConfiguration;
import io.micronaut.management.endpoint.EndpointSensitivityHandler;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteMatchUtils;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call the management endpoints Micronaut routes (ADR 0095): {@code health} anyone (its details are
 * for instance admin keys, {@link AdminPrincipalBinder}), {@code prometheus} a key with the role metrics or an
 * instance admin key, or anyone when it arrives on the management port ({@code endpoints.all.port}), every other
 * endpoint an operator may enable an instance admin key only. Being an {@link EndpointSensitivityHandler}, it replaces Micronaut's own
 * filter, whose {@code sensitive} flag knows no keys: that flag has no effect here.
 */
@Singleton
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)
final class ManagementAccess implements EndpointSensitivityHandler {

    /** What a request needs. */
    enum Need {
        /** Not a management endpoint: the API's own rules apply. */
        API,
        /** Nothing: anyone may call it. */
        NOTHING,
        /** A key with the role metrics, or an instance admin key. */
        METRICS,
        /** An instance admin key. */
        ADMIN;

        /** Whether {@code key} has what this needs. */
        boolean allows(ApiKeyConfig key) {
            return switch (this) {
                case API, NOTHING -> true;
                case METRICS -> key.roles().contains(Role.METRICS) || isInstanceAdmin(key);
                case ADMIN -> isInstanceAdmin(key);
            };
        }

        /** What a key needs, for a refusal. */
        String describe() {
            return this == METRICS ? "the role metrics, or the role admin scoped */*" : "the role admin scoped */*";
        }
    }

    /**
     * Whether {@code key} may see the instance as a whole: the role admin with the scope {@code *}/{@code *}. A
     * management endpoint answers about every tenant at once, so an admin key scoped to some tenants is not enough.
     */
    static boolean isInstanceAdmin(ApiKeyConfig key) {
        return key.has(Role.ADMIN) && key.tenants().contains(TenantScope.ALL);
    }

    private final Map<ExecutableMethod, Boolean> endpointMethods;
    private final Integer managementPort;

    ManagementAccess(EndpointSensitivityProcessor endpoints, EndpointDefaultConfiguration configuration) {
        this.endpointMethods = endpoints.getEndpointMethods();
        this.managementPort = configuration.getPort().orElse(null);
    }

    /** What {@code request} needs, from the route it matched. */
    Need need(HttpRequest<?> request) {
        Optional<MethodBasedRouteMatch<?, ?>> route = RouteMatchUtils.findRouteMatch(request)
                .filter(MethodBasedRouteMatch.class::isInstance).map(m -> (MethodBasedRouteMatch<?, ?>) m);
        if (route.isEmpty() || !endpointMethods.containsKey(route.get().getExecutableMethod())) {
            return Need.API;
        }
        Class<?> endpoint = route.get().getDeclaringType();
        if (HealthEndpoint.class.isAssignableFrom(endpoint)) {
            return Need.NOTHING;
        }
        if (PrometheusEndpoint.class.isAssignableFrom(endpoint)) {
            return onManagementPort(request) ? Need.NOTHING : Need.METRICS;
        }
        return Need.ADMIN;
    }

    private boolean onManagementPort(HttpRequest<?> request) {
        return managementPort != null && request.getServerAddress().getPort() == managementPort;
    }
}
