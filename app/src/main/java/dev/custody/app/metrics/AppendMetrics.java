package dev.custody.app.metrics;

import dev.custody.domain.chain.AppendListener;
import dev.custody.ports.ChainId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What the chain appender reports, as metrics. Tags never carry a chain or a subject: only counts and
 * durations, so no personal data reaches the metrics backend.
 */
public final class AppendMetrics implements AppendListener {

    private final Counter events;
    private final DistributionSummary batchSize;
    private final Timer storeTime;
    private final Counter conflicts;
    private final Counter failures;

    public AppendMetrics(MeterRegistry registry) {
        this.events = Counter.builder("custody.appends").description("Events durably appended").register(registry);
        this.batchSize = DistributionSummary.builder("custody.append.batch.size")
                .description("Events per conditional batch append (group commit)").publishPercentileHistogram()
                .register(registry);
        this.storeTime = Timer.builder("custody.append.store.duration")
                .description("Time the system of record took to make one batch durable").publishPercentileHistogram()
                .register(registry);
        this.conflicts = Counter.builder("custody.append.conflicts")
                .description("Batches that found the chain tip moved by another writer").register(registry);
        this.failures = Counter.builder("custody.append.failures")
                .description("Batches that failed for good").register(registry);
    }

    @Override
    public void batchAppended(ChainId chain, int n, long nanos) {
        events.increment(n);
        batchSize.record(n);
        storeTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void conflict(ChainId chain, int attempt) {
        conflicts.increment();
    }

    @Override
    public void failed(ChainId chain, int n, Throwable error) {
        failures.increment();
    }
}
