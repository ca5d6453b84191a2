package dev.custody.app.health;

import dev.custody.app.CustodyRuntime;
import dev.custody.domain.spool.SpoolStatus;
import dev.custody.domain.spool.SpoolingAppender;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local spool: UP while nothing waits and the store answers; DEGRADED while events wait or the store is
 * unreachable; DOWN when the store is unreachable and the spool is full (appends are refused with 503).
 */
@Singleton
@Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
final class SpoolHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final SpoolingAppender spool;

    SpoolHealthIndicator(SpoolingAppender spool) {
        this.spool = spool;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        SpoolStatus s = spool.status();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enabled", s.enabled());
        d.put("store_reachable", s.storeReachable());
        d.put("events", s.events());
        d.put("bytes", s.bytes());
        d.put("max_events", s.maxEvents());
        d.put("max_bytes", s.maxBytes());
        d.put("chains", s.chains().size());
        healthStatus = !s.degraded() ? HealthStatus.UP
                : s.enabled() && !(s.full() && !s.storeReachable()) ? Degraded.STATUS : HealthStatus.DOWN;
        return d;
    }

    @Override
    protected String getName() {
        return "spool";
    }
}
