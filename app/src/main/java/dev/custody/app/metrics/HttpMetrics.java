package dev.custody.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * What the HTTP API reports beyond appends: requests answered with a problem, by code, and chain
 * verifications, by result. Tags carry codes and results only, never a chain, tenant or subject.
 */
@Singleton
public final class HttpMetrics {

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request answered with the problem {@code code} (e.g. {@code INVALID_EVENT}). */
    public void rejected(String code) {
        Counter.builder("custody.rejections").description("Requests answered with a problem, by problem code")
                .tag("reason", code).register(registry).increment();
    }

    /** One verification finished; {@code valid} tags it {@code valid} or {@code broken}. */
    public void verified(boolean valid) {
        Counter.builder("custody.verifications").description("Chain verifications, by result")
                .tag("result", valid ? "valid" : "broken").register(registry).increment();
    }
}
