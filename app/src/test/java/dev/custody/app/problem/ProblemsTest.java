package dev.custody.app.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.metrics.HttpMetrics;
import dev.custody.domain.chain.AppendRejectedException;
import dev.custody.domain.chain.ChainContentionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Problems problems = new Problems(new HttpMetrics(registry), new dev.custody.app.outage.StoreFailures(java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(5)));

    @Test
    void backPressureAndContention_are429WithRetryAfter_andCounted() {
        for (RuntimeException e : new RuntimeException[] {new AppendRejectedException("too many events waiting for billing/acme"),
                new ChainContentionException("tip of billing/acme kept moving")}) {
            MutableHttpResponse<byte[]> r = problems.response(new CompletionException(e), HttpRequest.POST("/v1/audit/events", ""));
            assertThat(r.getStatus().getCode()).isEqualTo(429);
            assertThat(r.getHeaders().get("Retry-After")).isEqualTo("1");
            assertThat(r.getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
            assertThat(new String(r.getBody().orElseThrow(), StandardCharsets.UTF_8)).contains("\"code\":\"OVERLOADED\"",
                    "\"type\":\"https://custody.dev/problems/overloaded\"", "nothing was stored");
        }
        assertThat(registry.get("custody.rejections").tag("reason", "OVERLOADED").counter().count()).isEqualTo(2);
    }

    @Test
    void unexpectedErrors_areInternal_withoutDetails() {
        MutableHttpResponse<byte[]> r = problems.response(new IllegalStateException("secret /etc/passwd detail"),
                HttpRequest.GET("/v1/x"));
        assertThat(r.getStatus().getCode()).isEqualTo(500);
        assertThat(new String(r.getBody().orElseThrow(), StandardCharsets.UTF_8)).contains("\"code\":\"INTERNAL\"")
                .doesNotContain("secret", "IllegalStateException");
    }
}
