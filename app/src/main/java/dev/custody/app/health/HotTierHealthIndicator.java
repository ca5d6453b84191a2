package dev.custody.app.health;

import dev.custody.app.CustodyRuntime;
import dev.custody.ports.hot.HotTierStatus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hot tier: always UP (the service keeps taking writes without it), with {@code status: hot_tier_degraded}
 * and the reason while the in-process fallback serves because Redis is unreachable, {@code status: ok} otherwise.
 */
@Singleton
@Requires(bean = CustodyRuntime.class)
final class HotTierHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    /** The status detail while degraded. */
    static final String DEGRADED = "hot_tier_degraded";

    private final CustodyRuntime runtime;

    HotTierHealthIndicator(CustodyRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        healthStatus = HealthStatus.UP;
        if (runtime.hotTier().isEmpty()) {
            details.put("status", "not_configured");
            return details;
        }
        HotTierStatus s = runtime.hotTier().get().status();
        details.put("status", s.degraded() ? DEGRADED : "ok");
        details.put("backend", s.backend());
        details.put("since", Instant.ofEpochMilli(s.sinceMillis()).toString());
        if (s.reason() != null) {
            details.put("reason", s.reason());
        }
        details.put("async_ingest", runtime.asyncIngest());
        return details;
    }

    @Override
    protected String getName() {
        return "hotTier";
    }
}
