package dev.custody.app.health;

import io.micronaut.health.HealthStatus;

/** The health status between UP and DOWN: Custody serves, but not as configured (writes go to the spool). */
final class Degraded {

    /**
     * {@code DEGRADED}: ranks above UP and below DOWN in the aggregate (no operational flag, severity 500), so
     * {@code /health} answers 200 with {@code "status":"DEGRADED"} while any indicator reports it.
     */
    static final HealthStatus STATUS = new HealthStatus("DEGRADED",
            "the system of record is unreachable; appends are spooled locally", null, 500);

    private Degraded() {
    }
}
