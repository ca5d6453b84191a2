package dev.custody.app.edge;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.app.problem.Problems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Refuses a request body in a content coding the server did not undo: Micronaut decodes {@code gzip} and {@code
 * deflate} (and removes the header as it does), so a {@code Content-Encoding} still present names a coding it does
 * not know ({@code zstd}, {@code br}, a typo) and the body would otherwise be read as if it were plain.
 * {@code 415 UNSUPPORTED_MEDIA_TYPE} naming the header (RFC 9110 §8.4.1); a body that is not what its coding says
 * is a 400 ({@code Problems}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)
final class ContentCodingFilter {

    private final Problems problems;

    ContentCodingFilter(Problems problems) {
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseUndecoded(HttpRequest<?> request) {
        String coding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        if (coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity")) {
            return null;
        }
        return problems.response(ProblemException.at(ProblemCode.UNSUPPORTED_MEDIA_TYPE, HttpHeaders.CONTENT_ENCODING,
                "Content-Encoding " + coding + " is not supported: send the body plain, gzip or deflate"), request);
    }
}
