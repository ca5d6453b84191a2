package dev.custody.plugins.syslog;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ServerSocketFactory;

/** The syslog receiver the kit's sink contracts run against, restartable on the same port. */
final class SyslogKit implements AutoCloseable {

    private final List<SyslogReceiver> receivers = new ArrayList<>();
    private SyslogReceiver current;
    private final int port;

    SyslogKit() throws IOException {
        current = new SyslogReceiver(ServerSocketFactory.getDefault(), 0);
        receivers.add(current);
        port = current.port();
    }

    AuditSink sink(Path home, String format) {
        return new SyslogSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.", Map.of("host", "127.0.0.1",
                "port", Integer.toString(port), "format", format, "timeout", "2s")), ProviderContext.of(home));
    }

    synchronized List<String> ids() {
        List<String> out = new ArrayList<>();
        for (SyslogReceiver r : receivers) {
            if (!r.errors.isEmpty()) {
                throw new AssertionError("receiver errors: " + r.errors);
            }
            r.messages.forEach(m -> out.add(m.params().get("id")));
        }
        return out;
    }

    synchronized void stop() throws IOException {
        current.close();
    }

    synchronized void start() throws IOException {
        current = new SyslogReceiver(ServerSocketFactory.getDefault(), port);
        receivers.add(current);
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
