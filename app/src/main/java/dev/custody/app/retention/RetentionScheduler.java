package dev.custody.app.retention;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.domain.retention.RetentionResult;
import dev.custody.ports.Ref;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.cron.CronExpression;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retention at every time {@code custody.retention.schedule} (cron, UTC; default daily 03:00) names, in the
 * service only; {@code schedule: off} disables it. A failed run (a {@code COMPLIANCE_VIOLATION} included) is logged
 * and the next time is kept.
 */
@Context
@Requires(notEnv = {CustodyRuntime.OFFLINE_ENVIRONMENT, PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT})
final class RetentionScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);
    private static final Ref ACTOR = new Ref("service", "retention-scheduler");

    private final Retention retention;
    private final Clock clock;
    private final CronExpression cron;
    private final ScheduledExecutorService executor;

    RetentionScheduler(Retention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        String schedule = retention.runner().settings().schedule();
        if (schedule == null) {
            cron = null;
            executor = null;
            return;
        }
        cron = CronExpression.create(schedule);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custody-retention");
            t.setDaemon(true);
            return t;
        });
        scheduleNext();
    }

    private void scheduleNext() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        ZonedDateTime next = cron.nextTimeAfter(now);
        long delay = Math.max(0, Duration.between(now, next).toMillis());
        executor.schedule(this::runOnce, delay, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            RetentionResult r = retention.runner().run(false, ACTOR);
            LOG.info("retention run: deleted {} warm records and {} subject data items, archived {} records{}",
                    r.deletedIn("warm"), r.deletedIn("subject_data"), r.archived().values().stream().mapToLong(Long::longValue).sum(),
                    r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes()));
        } catch (RuntimeException e) {
            LOG.error("retention run failed: {}", e.getMessage());
        } finally {
            if (!executor.isShutdown()) {
                scheduleNext();
            }
        }
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
