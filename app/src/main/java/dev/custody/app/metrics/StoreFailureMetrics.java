package dev.custody.app.metrics;

import dev.custody.app.outage.FailureCause;
import dev.custody.app.outage.StoreFailureListener;
import dev.custody.app.outage.StoreOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code custody_store_failures_total{operation, cause}}: store failures answered as outages, by what was being done
 * ({@link StoreOperation}) and why ({@link FailureCause}). Both labels come from fixed sets (at most 12 × 6 series);
 * never a chain, tenant or file.
 */
public final class StoreFailureMetrics implements StoreFailureListener {

    private final MeterRegistry registry;

    public StoreFailureMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void failed(StoreOperation operation, FailureCause cause) {
        Counter.builder("custody.store.failures")
                .description("Store failures answered as an outage (503 or spooled), by operation and cause")
                .tag("operation", operation.label()).tag("cause", cause.label()).register(registry).increment();
    }
}
