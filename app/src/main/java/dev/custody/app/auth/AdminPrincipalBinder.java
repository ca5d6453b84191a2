package dev.custody.app.auth;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.security.Principal;
import java.util.Optional;

/**
 * The {@link Principal} Micronaut's management endpoints see: the caller's key when it is an instance admin key
 * (role admin, scope *&#47;*), none otherwise. Micronaut binds no principal itself (micronaut-security would), so with {@code
 * endpoints.health.details-visible: AUTHENTICATED} {@code /health} shows its details to those keys alone.
 */
@Singleton
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)
final class AdminPrincipalBinder implements TypedRequestArgumentBinder<Principal> {

    /** An instance admin key, by its name. */
    record AdminKey(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        Optional<Principal> admin = source.getAttribute(Caller.ATTRIBUTE, Caller.class)
                .filter(c -> ManagementAccess.isInstanceAdmin(c.key()))
                .map(c -> new AdminKey(c.name()));
        return admin.isPresent() ? () -> admin : BindingResult.empty();
    }
}
