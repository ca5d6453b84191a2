package dev.custody.app.auth;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.auth.ManagementAccess.Need;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.app.problem.Problems;
import dev.custody.domain.config.ApiKeyConfig;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies the caller of every request by its {@code Authorization: Bearer <token>} header and
 * answers 401 when there is none or it matches no key. The API description and the management endpoints that
 * need no key ({@link ManagementAccess}: {@code /health}, and {@code /prometheus} on the management port) may be
 * called without one; a header that is sent is checked everywhere. A management endpoint that needs a role
 * answers 403 to a key without it.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)  // not inside the adapter's own context
final class AuthFilter {

    /** RFC 6750 {@code b64token}. */
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +([A-Za-z0-9._~+/-]+=*) *");

    private final ApiKeys keys;
    private final ManagementAccess management;
    private final Problems problems;

    AuthFilter(ApiKeys keys, ManagementAccess management, Problems problems) {
        this.keys = keys;
        this.management = management;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        Need need = management.need(request);
        Optional<String> header = request.getHeaders().get(HttpHeaders.AUTHORIZATION, String.class);
        if (header.isEmpty()) {
            if (need == Need.NOTHING || need == Need.API && isPublic(request.getPath())) {
                return null;
            }
            return reject(request, "no API key: send the header 'Authorization: Bearer <token>'");
        }
        Matcher m = BEARER.matcher(header.get());
        if (!m.matches()) {
            return reject(request, "malformed Authorization header: expected 'Bearer <token>'");
        }
        Optional<ApiKeyConfig> key = keys.authenticate(m.group(1));
        if (key.isEmpty()) {
            return reject(request, "the API key is not valid");
        }
        Caller caller = new Caller(key.get());
        request.setAttribute(Caller.ATTRIBUTE, caller);
        if (!need.allows(caller.key())) {
            return problems.response(ProblemException.of(ProblemCode.FORBIDDEN, "API key '" + caller.name() + "' lacks "
                    + need.describe() + " that " + request.getPath() + " needs"), request);
        }
        return null;
    }

    private HttpResponse<?> reject(HttpRequest<?> request, String detail) {
        return problems.response(ProblemException.of(ProblemCode.UNAUTHORIZED, detail), request);
    }

    /** The API description. */
    static boolean isPublic(String path) {
        return path.equals("/openapi.yml") || path.equals("/api") || path.startsWith("/openapi/");
    }
}
