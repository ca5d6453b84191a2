package dev.custody.app.problem;

import dev.custody.app.metrics.HttpMetrics;
import dev.custody.app.outage.StoreFailures;
import dev.custody.domain.chain.AppendRejectedException;
import dev.custody.domain.chain.ChainContentionException;
import dev.custody.domain.chain.InvalidEventException;
import dev.custody.domain.compliance.ComplianceViolationException;
import dev.custody.domain.delivery.SinkUnavailableException;
import dev.custody.domain.json.JsonParseException;
import dev.custody.domain.spool.SpoolFullException;
import dev.custody.domain.tiering.ArchiveDamagedException;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.StoreUnavailableException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into {@code application/problem+json} responses and counts them. Known failures map
 * to their code; a store failure of any kind is {@code 503 STORE_UNAVAILABLE} (ADR 0129); anything else is logged once
 * at ERROR and answered as {@code INTERNAL} without details.
 */
@Singleton
public final class Problems {

    /** The media type of every error body. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Seconds a client should wait after {@code OVERLOADED}. */
    public static final int RETRY_OVERLOADED = 1;
    /** Seconds a client should wait after {@code STORE_UNAVAILABLE}. */
    static final int RETRY_UNAVAILABLE = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final HttpMetrics metrics;
    private final StoreFailures failures;

    public Problems(HttpMetrics metrics, StoreFailures failures) {
        this.metrics = metrics;
        this.failures = failures;
    }

    /** The response for {@code failure}, whatever it is. */
    public MutableHttpResponse<byte[]> response(Throwable failure, HttpRequest<?> request) {
        return response(problem(failure, request), request);
    }

    /**
     * The problem {@code failure} stands for, as {@link #toProblem}; a store failure that happened outside the system
     * of record (the spool, the key store, the cold archive) is counted here, where it is answered.
     */
    public ProblemException problem(Throwable failure, HttpRequest<?> request) {
        failures.answered(failure);
        return toProblem(failure, request);
    }

    /** The response for {@code problem}: status, headers and body. */
    public MutableHttpResponse<byte[]> response(ProblemException problem, HttpRequest<?> request) {
        ProblemCode code = problem.code();
        metrics.rejected(code.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.type());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", problem.detail());
        body.put("instance", request == null ? null : request.getPath());
        body.put("code", code.name());
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(code.status()))
                .body(JsonOut.bytes(body))
                .contentType(PROBLEM_JSON);
        if (problem.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds()));
        }
        if (code == ProblemCode.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"custody\"");
        }
        return response;
    }

    /** The problem {@code failure} stands for; unexpected ones are logged here, once. */
    public static ProblemException toProblem(Throwable failure, HttpRequest<?> request) {
        Throwable t = unwrap(failure);
        if (t instanceof ProblemException p) {
            return p;
        }
        if (t instanceof InvalidEventException e) {
            return ProblemException.at(ProblemCode.INVALID_EVENT, e.field(), e.field() + ": " + e.reason());
        }
        if (t instanceof DecompressionException) {
            String encoding = request == null ? null : request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
            return ProblemException.at(ProblemCode.INVALID_PARAMETER, HttpHeaders.CONTENT_ENCODING, "the request body is not "
                    + "what its header Content-Encoding: " + encoding + " says: " + t.getMessage());
        }
        if (t instanceof JsonParseException e) {
            return ProblemException.at(ProblemCode.INVALID_JSON, e.pointer(), "request body is not valid JSON: " + e.getMessage());
        }
        if (t instanceof AppendRejectedException || t instanceof ChainContentionException) {
            return new ProblemException(ProblemCode.OVERLOADED, t.getMessage() + "; nothing was stored, retry later",
                    null, RETRY_OVERLOADED);
        }
        if (t instanceof ComplianceViolationException) {
            LOG.warn("Refusing {} {}: {}", method(request), path(request), t.getMessage());
            return ProblemException.of(ProblemCode.COMPLIANCE_VIOLATION, t.getMessage() + "; nothing was deleted");
        }
        if (t instanceof ChainUnreadableException e) {
            LOG.error("Refusing {} {}: a stored record cannot be read: {}", method(request), path(request), t.getMessage());
            return ProblemException.of(ProblemCode.CHAIN_UNREADABLE, "chain " + e.chain() + " cannot be read"
                    + (e.seq() > 0 ? " at record seq " + e.seq() : "") + "; nothing was changed, the service log names the"
                    + " file and line, other chains are unaffected");
        }
        if (t instanceof StoreUnavailableException) {
            return storeUnavailable(t, request);
        }
        if (t instanceof SpoolFullException) {
            LOG.warn("Refusing {} {}: {}", method(request), path(request), t.getMessage());
            return new ProblemException(ProblemCode.SPOOL_FULL, t.getMessage(), null, RETRY_UNAVAILABLE);
        }
        if (t instanceof SinkUnavailableException e) {
            LOG.warn("Refusing {} {}: {}", method(request), path(request), t.getMessage());
            return new ProblemException(ProblemCode.SINK_UNAVAILABLE, "sink '" + e.sink()
                    + "' must receive every record and is failing; nothing was stored, retry later", null, RETRY_UNAVAILABLE);
        }
        if (t instanceof ArchiveDamagedException) {
            LOG.error("Cannot answer {} {}: {}", method(request), path(request), t.getMessage());
            return ProblemException.of(ProblemCode.ARCHIVE_DAMAGED, t.getMessage());
        }
        if (StoreFailures.isStoreFailure(t)) {
            return storeUnavailable(t, request);   // any other failure of storage: an outage, never a 500 (ADR 0129)
        }
        LOG.error("Unexpected error answering {} {}", method(request), path(request), t);
        return ProblemException.of(ProblemCode.INTERNAL, "an unexpected error occurred; it has been logged");
    }

    /** {@code 503 STORE_UNAVAILABLE} with {@code Retry-After}: the detail names no file, chain or cause. */
    private static ProblemException storeUnavailable(Throwable t, HttpRequest<?> request) {
        LOG.warn("System of record unavailable for {} {}: {}", method(request), path(request), t.getMessage());
        return new ProblemException(ProblemCode.STORE_UNAVAILABLE,
                "the system of record is unavailable; nothing was stored, retry later", null, RETRY_UNAVAILABLE);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String method(HttpRequest<?> request) {
        return request == null ? "-" : request.getMethodName();
    }

    private static String path(HttpRequest<?> request) {
        return request == null ? "-" : request.getPath();
    }
}
