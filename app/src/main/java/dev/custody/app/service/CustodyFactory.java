package dev.custody.app.service;

import dev.custody.adapters.postgres.PostgresAuditStoreProvider;
import dev.custody.app.CustodyRuntime;
import dev.custody.app.access.AccessLog;
import dev.custody.app.config.ConfigBinder;
import dev.custody.app.config.PluginConfigBinder;
import dev.custody.app.metrics.AppendMetrics;
import dev.custody.app.metrics.SinkMetrics;
import dev.custody.app.metrics.StoreFailureMetrics;
import dev.custody.app.outage.StoreFailures;
import dev.custody.app.metrics.SpoolMetrics;
import dev.custody.domain.spool.SpoolingAppender;
import dev.custody.app.metrics.SubjectDataMetrics;
import dev.custody.app.plugins.PluginMeters;
import dev.custody.app.plugins.PluginSettings;
import dev.custody.domain.config.ComplianceStorageConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.util.List;

/** Creates the configuration and the runtime when the context starts, so bad configuration stops startup. */
@Factory
@Requires(notEnv = PostgresAuditStoreProvider.CONTEXT_ENVIRONMENT)  // not inside the adapter's own context
class CustodyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(CustodyFactory.class);

    @Context
    ComplianceStorageConfig config(Environment environment) {
        return ConfigBinder.bind(environment);
    }

    /**
     * The clock of every time-dependent path (appends, archival, retention, holds, subject-data expiry). Tests
     * replace this bean ({@code @Replaces(Clock.class)}) to move time years forward instead of waiting.
     */
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Where the system of record's failures are counted ({@code custody_store_failures_total}) and made an outage. */
    @Singleton
    StoreFailures storeFailures(Environment environment, MeterRegistry registry, Clock clock) {
        StoreFailures failures = new StoreFailures(clock, ConfigBinder.storeFailureWindow(environment));
        failures.listen(new StoreFailureMetrics(registry));
        return failures;
    }

    @Context
    @Bean(preDestroy = "close")
    CustodyRuntime runtime(ComplianceStorageConfig config, Environment environment, MeterRegistry registry, Clock clock,
            StoreFailures failures) {
        SinkMetrics sinkMetrics = new SinkMetrics(registry);
        PluginSettings plugins = PluginConfigBinder.bind(environment, config.home()).withMeters(PluginMeters.of(registry));
        if (environment.getActiveNames().contains(CustodyRuntime.OFFLINE_ENVIRONMENT)) {
            // offline commands may need a plugin's storage backend, but they deliver nothing to sinks, and they
            // neither feed the hot tier nor promote its ingest buffer (that is the running service's work)
            plugins = new PluginSettings(plugins.dir(), List.of(), plugins.meters());
            config = config.withHot(null);
        }
        boolean offline = environment.getActiveNames().contains(CustodyRuntime.OFFLINE_ENVIRONMENT);
        CustodyRuntime runtime = offline
                ? CustodyRuntime.start(config, plugins, new AppendMetrics(registry), sinkMetrics, CustodyFactory.class.getClassLoader(), clock)
                : CustodyRuntime.startService(config, plugins, new AppendMetrics(registry), sinkMetrics,
                        CustodyFactory.class.getClassLoader(), clock, failures);
        if (!offline) {
            runtime.keys().warnings().forEach(LOG::warn);   // at the service's start; an offline command's stderr is its reason
        }
        sinkMetrics.bind(runtime.delivery());
        runtime.privacy().listen(new SubjectDataMetrics(registry));
        FunctionCounter.builder("custody.access.dropped", runtime.access(), AccessLog::dropped)
                .description("Access records lost in mode none (queue full or append failed); each is logged").register(registry);
        return runtime;
    }

    /** The service's appender: spools while the system of record is unreachable (offline commands never append). */
    @Context
    @Bean(preDestroy = "close")
    @Requires(notEnv = CustodyRuntime.OFFLINE_ENVIRONMENT)
    SpoolingAppender spoolingAppender(CustodyRuntime runtime, MeterRegistry registry) {
        SpoolMetrics metrics = new SpoolMetrics(registry);
        SpoolingAppender spooling = new SpoolingAppender(runtime.appender(), runtime.store(), runtime.config().spool(),
                runtime.config().home().resolve("spool"), runtime.clock(), metrics);
        metrics.bind(spooling);
        return spooling;
    }
}
