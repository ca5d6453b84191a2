package dev.custody.app.admission;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import dev.custody.app.problem.Problems;
import dev.custody.ports.spi.ConfigurationException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Bounds the HTTP requests in flight ({@code custody.limits.max-in-flight-requests}, default
 * {@value #DEFAULT_MAX_IN_FLIGHT}): a request beyond the bound is answered {@code 429 OVERLOADED} with
 * {@code Retry-After} at once, before authentication and before its body is read, so nothing is stored and
 * neither memory, threads nor latency grow with the offered load. A request counts from the moment it enters
 * the filter chain until its response (or failure) is produced. {@code /health} and {@code /prometheus} are
 * exempt: an operator must see an overloaded service. Decision: ADR 0061.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)
final class AdmissionFilter implements HttpServerFilter {

    /** The configuration key of the bound. */
    static final String KEY = "custody.limits.max-in-flight-requests";
    /** The default bound. */
    static final int DEFAULT_MAX_IN_FLIGHT = 512;

    private final int maxInFlight;
    private final Problems problems;
    private final AtomicInteger inFlight = new AtomicInteger();

    AdmissionFilter(@Property(name = KEY, defaultValue = "" + DEFAULT_MAX_IN_FLIGHT) String maxInFlight, Problems problems,
            MeterRegistry registry) {
        this.maxInFlight = parse(maxInFlight);
        this.problems = problems;
        Gauge.builder("custody.http.in.flight", inFlight, AtomicInteger::get)
                .description("HTTP requests admitted and not yet answered (health and metrics excluded)").register(registry);
        Gauge.builder("custody.http.in.flight.max", () -> this.maxInFlight)
                .description("custody.limits.max-in-flight-requests").register(registry);
    }

    private static int parse(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 1_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException("Invalid value for " + KEY + "=" + value + ": must be an integer between 1 and 1000000");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (isExempt(request.getPath())) {
            return chain.proceed(request);
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return Publishers.just(problems.response(new ProblemException(ProblemCode.OVERLOADED, maxInFlight
                    + " requests are in flight, the limit of this instance; nothing was stored, retry later", null,
                    Problems.RETRY_OVERLOADED), request));
        }
        Publisher<MutableHttpResponse<?>> response;
        try {
            response = chain.proceed(request);
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            throw e;
        }
        return new Releasing<>(response, inFlight);
    }

    /** Requests admitted and not yet answered. */
    int inFlight() {
        return inFlight.get();
    }

    static boolean isExempt(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus");
    }

    /** Decrements the in-flight count once, when the response is produced, fails or is cancelled. */
    private record Releasing<T>(Publisher<T> source, AtomicInteger inFlight) implements Publisher<T> {

        @Override
        public void subscribe(Subscriber<? super T> downstream) {
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            };
            source.subscribe(new Subscriber<T>() {
                @Override
                public void onSubscribe(Subscription s) {
                    downstream.onSubscribe(new Subscription() {
                        @Override
                        public void request(long n) {
                            s.request(n);
                        }

                        @Override
                        public void cancel() {
                            release.run();
                            s.cancel();
                        }
                    });
                }

                @Override
                public void onNext(T t) {
                    release.run();
                    downstream.onNext(t);
                }

                @Override
                public void onError(Throwable t) {
                    release.run();
                    downstream.onError(t);
                }

                @Override
                public void onComplete() {
                    release.run();
                    downstream.onComplete();
                }
            });
        }
    }
}
