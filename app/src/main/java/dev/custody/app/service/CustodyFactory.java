package dev.custody.app.service;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.app.metrics.AppendMetrics;
import dev.custody.domain.config.ComplianceStorageConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import java.time.Clock;

/** Creates the configuration and the runtime when the context starts, so bad configuration stops startup. */
@Factory
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)  // not inside the adapter's own context
class CustodyFactory {

    @Context
    ComplianceStorageConfig config(Environment environment) {
        return ConfigBinder.bind(environment);
    }

    @Context
    @Bean(preDestroy = "close")
    CustodyRuntime runtime(ComplianceStorageConfig config, MeterRegistry registry) {
        return CustodyRuntime.start(config, new AppendMetrics(registry), CustodyFactory.class.getClassLoader(),
                Clock.systemUTC());
    }
}
