package dev.custody.app.health;

import dev.custody.app.CustodyRuntime;
import dev.custody.domain.spool.SpoolStatus;
import dev.custody.domain.spool.SpoolingAppender;
import dev.custody.ports.ChainId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * UP when the system of record answers: it declares its capabilities and reads the tip of a probe
 * chain. Otherwise DEGRADED, with the error, while the spool takes appends; DOWN, with the error, when it
 * cannot (disabled, e.g. in hipaa, or full).
 */
@Singleton
final class StoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private static final ChainId PROBE = ChainId.of("custody", "health-probe");

    private final CustodyRuntime runtime;
    private final SpoolingAppender spool;

    StoreHealthIndicator(CustodyRuntime runtime, @Nullable SpoolingAppender spool, @Named(TaskExecutors.IO) ExecutorService io) {
        this.runtime = runtime;
        this.spool = spool;
        setExecutorService(io);
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", runtime.config().primary().backend());
        try {
            details.put("capabilities", runtime.store().capabilities().stream().sorted()
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            runtime.store().tip(PROBE);
        } catch (RuntimeException e) {
            SpoolStatus s = spool == null ? null : spool.status();
            if (s == null || !s.enabled() || s.full()) {
                throw e;
            }
            details.put("error", e.getMessage());
            details.put("spooling", true);
            healthStatus = Degraded.STATUS;
            return details;
        }
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "systemOfRecord";
    }
}
