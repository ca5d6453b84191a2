package dev.custody.app.health;

import dev.custody.app.CustodyRuntime;
import dev.custody.ports.ChainId;
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
 * chain. DOWN, with the error, otherwise.
 */
@Singleton
final class StoreHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private static final ChainId PROBE = ChainId.of("custody", "health-probe");

    private final CustodyRuntime runtime;

    StoreHealthIndicator(CustodyRuntime runtime, @Named(TaskExecutors.IO) ExecutorService io) {
        this.runtime = runtime;
        setExecutorService(io);
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", runtime.config().primary().backend());
        details.put("capabilities", runtime.store().capabilities().stream().sorted()
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        runtime.store().tip(PROBE);
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "systemOfRecord";
    }
}
