package dev.custody.app.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Replaces Micronaut's default error bodies: every error Micronaut itself answers (no route, wrong
 * method, wrong content type, body too large, unsatisfied or unconvertible arguments) becomes a problem.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    private final Problems problems;

    ProblemErrorResponseProcessor(Problems problems) {
        this.problems = problems;
    }

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        ProblemException problem = problemFor(problems, context, base.getStatus().getCode());
        MutableHttpResponse<byte[]> response = problems.response(problem, context.getRequest());
        base.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)
                    && !response.getHeaders().contains(name)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response;
    }

    private static ProblemException problemFor(Problems problems, ErrorContext context, int status) {
        Optional<Throwable> cause = context.getRootCause().or(() -> decodingFailure(context));
        if (status >= 500 || cause.filter(t -> t instanceof ProblemException).isPresent()) {
            return cause.map(t -> problems.problem(t, context.getRequest()))
                    .orElseGet(() -> ProblemException.of(ProblemCode.INTERNAL, "an unexpected error occurred"));
        }
        Optional<Error> first = context.getErrors().stream().findFirst();
        String message = first.map(Error::getMessage).orElse(null);
        String field = first.flatMap(Error::getPath).orElse(null);
        String path = context.getRequest().getPath();
        return switch (status) {
            case 401 -> ProblemException.of(ProblemCode.UNAUTHORIZED, or(message, "an API key is required"));
            case 403 -> ProblemException.of(ProblemCode.FORBIDDEN, or(message, "not allowed"));
            case 404 -> ProblemException.of(ProblemCode.NOT_FOUND, "no resource at " + path);
            case 405 -> ProblemException.of(ProblemCode.METHOD_NOT_ALLOWED,
                    "method " + context.getRequest().getMethodName() + " is not allowed on " + path);
            case 406 -> ProblemException.of(ProblemCode.NOT_ACCEPTABLE, or(message, "no acceptable representation"));
            case 413 -> ProblemException.of(ProblemCode.PAYLOAD_TOO_LARGE, or(message, "the request body is too large"));
            case 415 -> ProblemException.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "content type "
                    + context.getRequest().getContentType().map(Object::toString).orElse("(none)")
                    + " is not supported here; send application/json");
            default -> isJson(cause)
                    ? ProblemException.at(ProblemCode.INVALID_JSON, field, "request body is not valid JSON")
                    : ProblemException.at(ProblemCode.INVALID_PARAMETER, field, or(message, "invalid request"));
        };
    }

    /**
     * Why the request could not be decoded, which Micronaut answers 400 without passing the cause on: a problem
     * where Custody refused it at the edge (e.g. ambiguous framing, {@code dev.custody.app.edge}).
     */
    private static Optional<Throwable> decodingFailure(ErrorContext context) {
        return context.getRequest() instanceof NettyHttpRequest<?> netty && netty.getNativeRequest().decoderResult().isFailure()
                ? Optional.ofNullable(netty.getNativeRequest().decoderResult().cause())
                        .filter(ProblemException.class::isInstance)
                : Optional.empty();
    }

    private static boolean isJson(Optional<Throwable> cause) {
        return cause.map(t -> t.getClass().getName().contains("Json")).orElse(false);
    }

    private static String or(String message, String dflt) {
        return message == null || message.isBlank() ? dflt : message;
    }
}
