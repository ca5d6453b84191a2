package dev.custody.app.tiering;

import dev.custody.app.CustodyRuntime;
import dev.custody.domain.tiering.ArchivalListener;
import dev.custody.domain.tiering.ArchivalReport;
import dev.custody.domain.tiering.ArchivalRunner;
import dev.custody.ports.ChainId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs archival every {@code custody.archive.schedule} in the service (not in offline commands), and exposes
 * its metrics: {@code custody_archive_records_total}, {@code custody_archive_segments_total},
 * {@code custody_archive_warm_removed_total}, {@code custody_archive_failures_total},
 * {@code custody_archive_consecutive_failures}, {@code custody_archive_alert} (1 after 3 failed attempts in
 * a row, until one succeeds) and {@code custody_archive_paced_seconds_total} (time archival waited for live appends,
 * ADR 0122).
 */
@Context
@Requires(notEnv = {CustodyRuntime.OFFLINE_ENVIRONMENT, dev.custody.adapters.postgres.PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT})
final class ArchiveScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveScheduler.class);

    private final ScheduledExecutorService executor;

    ArchiveScheduler(CustodyRuntime runtime, MeterRegistry registry) {
        Tiering tiering = runtime.tiering().orElse(null);
        if (tiering == null) {
            executor = null;
            return;
        }
        ArchivalRunner runner = tiering.runner();
        Counter records = registry.counter("custody_archive_records_total");
        Counter segments = registry.counter("custody_archive_segments_total");
        Counter removed = registry.counter("custody_archive_warm_removed_total");
        Counter failures = registry.counter("custody_archive_failures_total");
        Gauge.builder("custody_archive_consecutive_failures", runner, ArchivalRunner::consecutiveFailures)
                .description("archival attempts that failed in a row").register(registry);
        Gauge.builder("custody_archive_alert", runner, r -> r.alerting() ? 1 : 0)
                .description("1 when 3 or more archival attempts in a row failed").register(registry);
        FunctionCounter.builder("custody_archive_paced_seconds_total", tiering.pace(), p -> p.waited().toNanos() / 1e9)
                .description("time archival waited so as not to slow live appends").register(registry);
        tiering.addListener(new ArchivalListener() {
            @Override
            public void archived(ArchivalReport report) {
                records.increment(report.recordsArchived());
                segments.increment(report.segments().size());
                removed.increment(report.warmRemoved());
                if (!report.segments().isEmpty()) {
                    LOG.info("archived {} records of {} in {} segments; {} left the system of record{}", report.recordsArchived(),
                            report.chain(), report.segments().size(), report.warmRemoved(),
                            report.note() == null ? "" : " (" + report.note() + ")");
                }
            }

            @Override
            public void failed(ChainId chain, int attempt, int consecutive, Throwable error) {
                failures.increment();
                LOG.warn("archival of {} failed (attempt {}, {} in a row): {}", chain, attempt, consecutive, error.getMessage());
            }
        });
        Duration every = tiering.config().schedule();
        if (every.isZero()) {
            executor = null;
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custody-archival");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                runner.run(new ArrayList<>(runtime.store().chains()));
            } catch (RuntimeException e) {
                LOG.error("archival run failed: {}", e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
