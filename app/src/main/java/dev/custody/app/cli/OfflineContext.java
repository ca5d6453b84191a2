package dev.custody.app.cli;

import dev.custody.app.CustodyRuntime;
import io.micronaut.context.ApplicationContext;

/**
 * Custody's application context without the HTTP server, in the {@code cli} environment (beans of the
 * service marked {@code @Requires(notEnv = "cli")} stay out), for the offline commands. Closing it closes
 * the runtime and its store.
 */
final class OfflineContext implements AutoCloseable {

    /** The environment offline commands run in. */
    static final String ENVIRONMENT = CustodyRuntime.OFFLINE_ENVIRONMENT;

    private final ApplicationContext context;
    private final CustodyRuntime runtime;

    private OfflineContext(ApplicationContext context, CustodyRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    /** @throws CliException with one line when the configuration or the store cannot be opened */
    static OfflineContext start(ConfigOptions options) {
        // application-cli.yml keeps Micronaut's logs at WARN and its health monitor off in this environment
        ApplicationContext context = ApplicationContext.builder().environments(ENVIRONMENT).banner(false)
                .propertySources(options.fileSources()).properties(options.overrides()).build();
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
