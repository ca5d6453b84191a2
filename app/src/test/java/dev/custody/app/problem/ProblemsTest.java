package dev.custody.app.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.metrics.HttpMetrics;
import dev.custody.app.metrics.StoreFailureMetrics;
import dev.custody.app.outage.StoreFailures;
import dev.custody.app.outage.StoreOperation;
import dev.custody.ports.ArchiveStoreException;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.time.Clock;
import java.time.Duration;
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
    final StoreFailures failures = new StoreFailures(Clock.systemUTC(), Duration.ofSeconds(5));
    final Problems problems = new Problems(new HttpMetrics(registry), failures);

    {
        failures.listen(new StoreFailureMetrics(registry));
    }

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

    @Test
    void everyStoreFailure_is503StoreUnavailableWithRetryAfter_namingNothingOfIt() {
        for (Throwable e : new Throwable[] {
                new AuditStoreException("append to chain billing/acme: cannot open /data/records/x.jsonl: Too many open files",
                        new IOException("Too many open files")),
                new UncheckedIOException("Cannot write the spool of chain billing/acme in /data/spool",
                        new IOException("No space left on device")),
                new CompletionException(new StoreUnavailableException("PostgreSQL at db:5432 cannot be reached")),
                new ArchiveStoreException("s3 get s3://bucket/key failed: connection reset"),
                new KeyStoreException("keyset k: cannot store it in /data/keys/subjects.keys",
                        new FileSystemException("/data/keys/subjects.keys", null, "Read-only file system"))}) {
            MutableHttpResponse<byte[]> r = problems.response(e, HttpRequest.POST("/v1/audit/events", ""));
            assertThat(r.getStatus().getCode()).as(e.toString()).isEqualTo(503);
            assertThat(r.getHeaders().get("Retry-After")).isEqualTo("5");
            assertThat(new String(r.getBody().orElseThrow(), StandardCharsets.UTF_8)).contains("\"code\":\"STORE_UNAVAILABLE\"")
                    .doesNotContain("/data", "db:5432", "Too many", "No space", "Read-only", "s3://", "Exception");
        }
        assertThat(registry.get("custody.store.failures").tag("operation", "local").tag("cause", "disk_full").counter().count())
                .as("met outside the system of record: counted where it is answered").isEqualTo(1);
        assertThat(registry.get("custody.store.failures").tag("operation", "archive").counter().count()).isEqualTo(1);
        assertThat(failures.current().orElseThrow().operations()).as("the archive makes no outage of the service")
                .containsExactlyInAnyOrder(StoreOperation.OTHER, StoreOperation.LOCAL);
    }

    @Test
    void damageIsNotAnOutage_andNeitherIsANetworkErrorOfTheClient() {
        MutableHttpResponse<byte[]> unreadable = problems.response(new ChainUnreadableException(ChainId.of("billing", "acme"), 4,
                "stream chain billing/acme: /data/x.jsonl line 4: not a record", null), HttpRequest.GET("/v1/audit/events"));
        assertThat(unreadable.getStatus().getCode()).isEqualTo(500);
        assertThat(new String(unreadable.getBody().orElseThrow(), StandardCharsets.UTF_8)).contains("CHAIN_UNREADABLE");
        MutableHttpResponse<byte[]> reset = problems.response(new IOException("Connection reset by peer"), HttpRequest.GET("/v1/x"));
        assertThat(reset.getStatus().getCode()).isEqualTo(500);
        assertThat(failures.current()).isEmpty();
    }
}
