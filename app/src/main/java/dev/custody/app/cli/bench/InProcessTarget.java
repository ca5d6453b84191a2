package dev.custody.app.cli.bench;

import dev.custody.app.CustodyRuntime;
import dev.custody.app.cli.CliException;
import dev.custody.app.config.ConfigBinder;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.InvalidEventException;
import dev.custody.ports.ChainId;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourcePropertyResolver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A fresh {@link CustodyRuntime} in this process over the chosen backend; clients call its appender. */
final class InProcessTarget implements BenchTarget {

    private final CustodyRuntime runtime;
    private final BenchEventSource events;
    private final String description;

    private InProcessTarget(CustodyRuntime runtime, BenchEventSource events, String description) {
        this.runtime = runtime;
        this.events = events;
        this.description = description;
    }

    /** @throws CliException when the backend cannot be opened on {@code home} */
    static InProcessTarget open(String backend, Path home, BenchEventSource events) {
        Map<String, Object> properties = Map.of("custody.home", home.toString(), "custody.storage.primary.backend", backend);
        try {
            CustodyRuntime runtime = CustodyRuntime.start(
                    ConfigBinder.bind(new PropertySourcePropertyResolver(PropertySource.of("bench", properties))),
                    AppendListener.NONE, InProcessTarget.class.getClassLoader(), Clock.systemUTC());
            return new InProcessTarget(runtime, events, backend + " (in-process, " + home + ")");
        } catch (RuntimeException e) {
            throw new CliException("cannot open the " + backend + " backend in " + home + ": " + e.getMessage(), e);
        }
    }

    CustodyRuntime runtime() {
        return runtime;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Failure append(ChainId chain, long first, int count) {
        try {
            runtime.appender().append(events.events(chain, first, count));
            return null;
        } catch (InvalidEventException e) {
            return new Failure("invalid event", "invalid event " + e.getMessage());
        } catch (RuntimeException e) {
            return new Failure(e.getClass().getSimpleName(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
