package dev.custody.app.health;

import dev.custody.app.CustodyRuntime;
import dev.custody.domain.delivery.SinkStatus;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every configured sink with its state, lag and counts. DOWN only while a fail-closed sink is failing
 * (ingest is refused then); a failing ordinary sink is reported as {@code failing} but the service is UP.
 */
@Singleton
final class SinkHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final CustodyRuntime runtime;

    SinkHealthIndicator(CustodyRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        HealthStatus status = HealthStatus.UP;
        for (SinkStatus s : runtime.delivery().status()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", s.failing() ? "failing" : "delivering");
            d.put("fail_closed", s.failClosed());
            d.put("lag", s.lag());
            d.put("delivered", s.delivered());
            d.put("failures", s.failures());
            d.put("dead_lettered", s.deadLettered());
            if (s.lastError() != null) {
                d.put("last_error", s.lastError());
            }
            details.put(s.name(), d);
            if (s.failClosed() && s.failing()) {
                status = HealthStatus.DOWN;
            }
        }
        healthStatus = status;
        return details;
    }

    @Override
    protected String getName() {
        return "sinks";
    }
}
