package dev.custody.app.retention;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.RetentionConfigBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import java.time.Clock;

/** Binds {@code custody.retention} when the context starts (bad policies stop startup) and builds {@link Retention}. */
@Factory
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)
class RetentionFactory {

    @Context
    Retention retention(CustodyRuntime runtime, Environment environment, MeterRegistry registry, Clock clock) {
        return Retention.on(runtime, RetentionConfigBinder.bind(environment), new RetentionMetrics(registry), clock);
    }
}
