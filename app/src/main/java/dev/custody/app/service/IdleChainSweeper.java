package dev.custody.app.service;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases what the service holds in memory for chains idle for {@code custody.chains.idle-timeout} (default 60 s):
 * the appender's state of each chain and the sinks' cursor entries, rebuilt from the store and the cursor files when
 * the chain is next used. One thread sweeps every chain, every quarter of the timeout (at least every second), so a
 * chain is released between one and one and a quarter timeouts after its last use; no chain has a thread, timer or
 * metric of its own. The spool holds nothing per chain but its files, which are open only during an operation.
 * Decision: ADR 0127.
 */
@Context
@Requires(notEnv = {CustodyRuntime.OFFLINE_ENVIRONMENT, PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT})
final class IdleChainSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(IdleChainSweeper.class);

    private final CustodyRuntime runtime;
    private final Duration idleTimeout;
    private ScheduledExecutorService executor;

    IdleChainSweeper(CustodyRuntime runtime) {
        this.runtime = runtime;
        this.idleTimeout = runtime.config().chainIdleTimeout();
    }

    @PostConstruct
    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custody-idle-chains");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, idleTimeout.toMillis() / 4);
        executor.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** Releases every chain idle for the timeout; a failure is logged and the next sweep tries again. */
    void sweep() {
        try {
            int appender = runtime.appender().releaseIdle(idleTimeout);
            int sinks = runtime.delivery().releaseIdle(idleTimeout);
            if (appender + sinks > 0) {
                LOG.debug("released {} idle chains from the appender and {} cursor entries from the sinks", appender, sinks);
            }
        } catch (RuntimeException e) {
            LOG.warn("releasing idle chains failed: {}", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
