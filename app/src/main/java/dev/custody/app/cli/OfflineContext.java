package dev.custody.app.cli;

import dev.custody.app.CustodyRuntime;
import io.micronaut.context.ApplicationContext;
import java.util.Map;

/**
 * Custody's application context without the HTTP server, in the {@code cli} environment (beans of the
 * service marked {@code @Requires(notEnv = "cli")} stay out), for the offline commands. Closing it closes
 * the runtime and its store.
 */
final class OfflineContext implements AutoCloseable {

    /** The environment offline commands run in. */
    static final String ENVIRONMENT = "cli";

    private final ApplicationContext context;
    private final CustodyRuntime runtime;

    private OfflineContext(ApplicationContext context, CustodyRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    /** @throws CliException with one line when the configuration or the store cannot be opened */
    static OfflineContext start(ConfigOptions options) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>(Map.of("logger.levels.io.micronaut", "WARN"));
        properties.putAll(options.overrides());
        ApplicationContext context = ApplicationContext.builder().environments(ENVIRONMENT).banner(false)
                .propertySources(options.fileSources()).properties(properties).build();
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

    @Override
    public void close() {
        context.close();
    }
}
