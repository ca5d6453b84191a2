package dev.custody.app.cli;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.config.ConfigBinder;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Custody's application context without the HTTP server, in the {@code cli} environment (beans of the
 * service marked {@code @Requires(notEnv = "cli")} stay out), for the offline commands. Closing it closes
 * the runtime and its store.
 */
final class OfflineContext implements AutoCloseable {

    /** The environment offline commands run in. */
    static final String ENVIRONMENT = CustodyRuntime.OFFLINE_ENVIRONMENT;

    private static final String PRIMARY_PROPERTIES = "custody.storage.primary.properties";

    private final ApplicationContext context;
    private final CustodyRuntime runtime;

    private OfflineContext(ApplicationContext context, CustodyRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    /** @throws CliException with one line when the configuration or the store cannot be opened */
    static OfflineContext start(ConfigOptions options) {
        return start(options, options.overrides());
    }

    /**
     * For commands that only read (verify, export, keys status): refuses, creating nothing, when the data directory
     * or the configured file store is not there (a mistyped path must not leave a new store, a master key or an
     * access record behind), and never migrates a database schema.
     *
     * @throws CliException naming the path when there is no store to read
     */
    static OfflineContext startReadOnly(ConfigOptions options) {
        Map<String, Object> overrides = new LinkedHashMap<>(options.overrides());
        ApplicationContext probe = ApplicationContext.builder().environments(ENVIRONMENT).banner(false)
                .propertySources(options.fileSources()).properties(overrides).build();
        Environment env = probe.getEnvironment();
        env.start();
        try {
            Path home = Path.of(env.getProperty("custody.home", String.class).orElse(ConfigBinder.DEFAULT_HOME)).toAbsolutePath().normalize();
            if (!Files.isDirectory(home)) {
                throw new CliException("no Custody data directory at " + home + " (check --data-dir or custody.home)");
            }
            String backend = env.getProperty("custody.storage.primary.backend", String.class).orElse("file");
            ProviderRegistry<AuditStoreProvider> stores = ProviderRegistry.load(AuditStoreProvider.class,
                    OfflineContext.class.getClassLoader(), "audit store backend");
            if (stores.names().contains(backend)) {
                Map<String, String> properties = new LinkedHashMap<>();
                env.getProperties(PRIMARY_PROPERTIES).forEach((k, v) -> {
                    if (v != null && !(v instanceof Map<?, ?>)) {
                        properties.put(k, v.toString());
                    }
                });
                stores.get(backend).missingStore(ProviderConfig.of(PRIMARY_PROPERTIES + ".", properties), ProviderContext.of(home))
                        .ifPresent(missing -> {
                            throw new CliException(missing);
                        });
            }
            if (backend.equals("postgres")) {
                overrides.put(PRIMARY_PROPERTIES + ".migrate", "false");   // read-only: never migrate a schema
            }
        } finally {
            env.stop();
        }
        return start(options, overrides);
    }

    private static OfflineContext start(ConfigOptions options, Map<String, Object> overrides) {
        // application-cli.yml keeps Micronaut's logs at WARN and its health monitor off in this environment
        ApplicationContext context = ApplicationContext.builder().environments(ENVIRONMENT).banner(false)
                .propertySources(options.fileSources()).properties(overrides).build();
        try {
            context.start();
            return new OfflineContext(context, context.getBean(CustodyRuntime.class));
        } catch (RuntimeException e) {
            if (context.isRunning()) {
                context.close();
            }
            throw StartupFailures.toCli("cannot open the Custody store", e);
        }
    }

    CustodyRuntime runtime() {
        return runtime;
    }

    /** A bean of the offline context (retention, say). */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
