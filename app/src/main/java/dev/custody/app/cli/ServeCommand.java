package dev.custody.app.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code custody serve}: the HTTP service. Runs until the process is told to stop (SIGTERM, Ctrl-C); the
 * shutdown hook stops the server and closes the runtime, so pending appends finish and the store closes.
 */
@Command(name = "serve", sortOptions = false,
        description = "Run the Custody HTTP service until SIGTERM (the default command).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "2:invalid configuration or config file, or the server could not start"})
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (sets micronaut.server.port; default 8080).")
    Integer port;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        if (port != null && (port < 0 || port > 65535)) {
            throw new CliException("Invalid value for --port=" + port + ": must be between 0 and 65535");
        }
        Map<String, Object> properties = new java.util.LinkedHashMap<>(config.overrides());
        if (port != null) {
            properties.put("micronaut.server.port", port);
        }
        ApplicationContext context = ApplicationContext.builder().banner(false)
                .propertySources(config.fileSources()).properties(properties).build();
        EmbeddedApplication<?> server;
        try {
            context.start();
            server = context.getBean(EmbeddedApplication.class);
            server.start();
        } catch (RuntimeException e) {
            if (context.isRunning()) {
                context.close();
            }
            throw StartupFailures.toCli("cannot start the Custody service", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, context, stopped), "custody-shutdown"));
        LOG.info("Custody is serving on port {} with data in {} (environments {})",
                server instanceof io.micronaut.runtime.server.EmbeddedServer s ? s.getPort() : "?",
                context.getProperty("custody.home", String.class).orElse("?"), context.getEnvironment().getActiveNames());
        stopped.await();
        return 0;
    }

    private static void stop(EmbeddedApplication<?> server, ApplicationContext context, CountDownLatch stopped) {
        try {
            LOG.info("Custody is stopping");
            if (server.isRunning()) {
                server.stop();
            }
            if (context.isRunning()) {
                context.close();
            }
            LOG.info("Custody stopped");
        } finally {
            stopped.countDown();
        }
    }
}
