package dev.custody.app.metrics;

import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.domain.delivery.DeliveryListener;
import dev.custody.domain.delivery.SinkStatus;
import dev.custody.ports.ChainId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery per sink as metrics, tagged {@code sink=<name>} only (never a chain):
 * {@code custody.sink.delivered}, {@code custody.sink.failures}, {@code custody.sink.dead.lettered}
 * (counters) and {@code custody.sink.lag}, {@code custody.sink.failing} (gauges). Failures are also logged:
 * the first attempt of a batch and every tenth at WARN, a dead-lettered batch at ERROR.
 */
public final class SinkMetrics implements DeliveryListener {

    private static final Logger LOG = LoggerFactory.getLogger(SinkMetrics.class);

    private final MeterRegistry registry;

    public SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void delivered(String sink, ChainId chain, int records) {
        counter("custody.sink.delivered", "Records the sink acknowledged", sink).increment(records);
    }

    @Override
    public void failed(String sink, ChainId chain, int attempt, Throwable error) {
        counter("custody.sink.failures", "Failed delivery attempts", sink).increment();
        if (attempt == 1 || attempt % 10 == 0) {
            LOG.warn("Sink {} failed to deliver records of {} (attempt {}): {}", sink, chain, attempt, error.getMessage());
        }
    }

    @Override
    public void deadLettered(String sink, ChainId chain, int records) {
        counter("custody.sink.dead.lettered", "Records given up and written to the dead-letter file", sink).increment(records);
        LOG.error("Sink {} gave up on {} records of {}; they are in its dead-letter file", sink, records, chain);
    }

    /** Registers the gauges of every sink of {@code engine}, and its counters at zero. */
    public void bind(DeliveryEngine engine) {
        for (SinkStatus s : engine.status()) {
            String name = s.name();
            Gauge.builder("custody.sink.lag", engine, e -> status(e, name).lag())
                    .description("Records in the system of record not yet delivered to the sink").tag("sink", name)
                    .register(registry);
            Gauge.builder("custody.sink.failing", engine, e -> status(e, name).failing() ? 1 : 0)
                    .description("1 while the sink's last attempt failed").tag("sink", name).register(registry);
            counter("custody.sink.delivered", "Records the sink acknowledged", name);
            counter("custody.sink.failures", "Failed delivery attempts", name);
            counter("custody.sink.dead.lettered", "Records given up and written to the dead-letter file", name);
        }
    }

    private static SinkStatus status(DeliveryEngine engine, String name) {
        return engine.status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private Counter counter(String metric, String description, String sink) {
        return Counter.builder(metric).description(description).tag("sink", sink).register(registry);
    }
}
