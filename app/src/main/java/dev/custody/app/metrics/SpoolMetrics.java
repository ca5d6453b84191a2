package dev.custody.app.metrics;

import dev.custody.domain.spool.SpoolListener;
import dev.custody.domain.spool.SpoolStatus;
import dev.custody.domain.spool.SpoolingAppender;
import dev.custody.ports.ChainId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool as metrics and logs: {@code custody.spool.events}/{@code .bytes} (gauges), {@code custody.store.reachable}
 * (1 or 0), and counters of events spooled, drained, found already stored and refused because the spool was full.
 * Tags never carry a chain.
 */
public final class SpoolMetrics implements SpoolListener {

    private static final Logger LOG = LoggerFactory.getLogger("dev.custody.spool");

    private final MeterRegistry registry;
    private final Counter spooled;
    private final Counter drained;
    private final Counter duplicates;
    private final Counter full;
    private final Counter drainFailures;

    public SpoolMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.spooled = Counter.builder("custody.spool.spooled").description("Events accepted into the local spool")
                .register(registry);
        this.drained = Counter.builder("custody.spool.drained")
                .description("Events that left the spool for the system of record").register(registry);
        this.duplicates = Counter.builder("custody.spool.duplicates")
                .description("Spooled events found already stored (an acknowledgement lost mid-commit), not appended twice")
                .register(registry);
        this.full = Counter.builder("custody.spool.full")
                .description("Events refused (503) because the store was unreachable and the spool full").register(registry);
        this.drainFailures = Counter.builder("custody.spool.drain.failures")
                .description("Drain attempts that failed for a reason other than an outage").register(registry);
    }

    /** Registers the gauges read from {@code spool}. */
    public void bind(SpoolingAppender spool) {
        Supplier<SpoolStatus> status = spool::status;
        Gauge.builder("custody.spool.events", () -> status.get().events()).description("Events waiting in the spool")
                .register(registry);
        Gauge.builder("custody.spool.bytes", () -> status.get().bytes()).description("Bytes of spool files waiting")
                .register(registry);
        Gauge.builder("custody.store.reachable", () -> status.get().storeReachable() ? 1 : 0)
                .description("1 while the system of record answers, 0 from a failed call until the next successful probe")
                .register(registry);
    }

    @Override
    public void storeUnreachable(Throwable error) {
        LOG.warn("System of record unreachable, appends go to the local spool until it answers: {}", error.getMessage());
    }

    @Override
    public void storeReachable() {
        LOG.info("System of record reachable again; draining the spool");
    }

    @Override
    public void spooled(ChainId chain, int events) {
        spooled.increment(events);
    }

    @Override
    public void drained(ChainId chain, int events, int dups) {
        drained.increment(events);
        duplicates.increment(dups);
        if (dups > 0) {
            LOG.info("{} spooled events of {} were already stored (acknowledgement lost mid-commit); not appended twice",
                    dups, chain);
        }
    }

    @Override
    public void full(ChainId chain, int events) {
        full.increment(events);
    }

    @Override
    public void drainFailed(ChainId chain, Throwable error) {
        drainFailures.increment();
        LOG.error("Draining the spool of {} failed; its events stay spooled and the drain is retried", chain, error);
    }
}
