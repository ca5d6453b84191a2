package dev.custody.app.health;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.outage.StoreFailures;
import dev.custody.app.outage.StoreOperation;
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
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * UP when the system of record answers (it declares its capabilities and reads the tip of a probe chain) and no
 * store operation has failed within {@code custody.health.store-failure-window} (ADR 0130): a probe cannot see that
 * file descriptors or the disk ran out, the operations that failed can. Otherwise DEGRADED while the spool takes
 * appends, DOWN when it cannot (disabled, e.g. in hipaa, full, or failing itself), with the cause ({@code descriptors},
 * {@code disk_full}, …), the error, and since when. Recovers by itself once no failure has come for the window.
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
        RuntimeException probe = null;
        try {
            details.put("capabilities", runtime.store().capabilities().stream().sorted()
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
            runtime.store().tip(PROBE);
        } catch (RuntimeException e) {
            probe = e;   // the store reported it: it is the outage's latest failure
        }
        Optional<StoreFailures.Outage> outage = runtime.storeFailures().current();
        if (probe == null && outage.isEmpty()) {
            healthStatus = HealthStatus.UP;
            return details;
        }
        if (outage.isPresent()) {
            StoreFailures.Outage o = outage.get();
            details.put("cause", o.last().cause().label());
            details.put("error", o.last().error());
            details.put("operations", o.operations().stream().map(StoreOperation::label).toList());
            details.put("failures", o.failures());
            details.put("since", o.since().toString());
            details.put("last_failure", o.last().at().toString());
        } else {
            details.put("error", String.valueOf(probe.getMessage()));
        }
        SpoolStatus s = spool == null ? null : spool.status();
        boolean spooling = s != null && s.enabled() && !s.full()
                && outage.map(o -> !o.operations().contains(StoreOperation.LOCAL)).orElse(true);
        if (spooling) {
            details.put("spooling", true);
        }
        healthStatus = spooling ? Degraded.STATUS : HealthStatus.DOWN;
        return details;
    }

    @Override
    protected String getName() {
        return "systemOfRecord";
    }
}
