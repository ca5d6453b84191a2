package dev.custody.plugins.syslog;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Files;
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

    /**
     * Stops the receiver and returns once the sender's side has seen it go. TCP syslog has no acknowledgement,
     * so the sink learns of the close only when the FIN has crossed loopback; on a loaded 2-core machine the
     * kernel may defer that packet to ksoftirqd for milliseconds, and a batch written in that window counts as
     * delivered (the transport's documented limit, not a receiver that is down). On Linux the wait ends when no
     * socket on the receiver's port is still in FIN_WAIT1, i.e. the sender's kernel has acknowledged every FIN.
     */
    synchronized void stop() throws IOException, InterruptedException {
        current.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (finUnacknowledged() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private boolean finUnacknowledged() throws IOException, InterruptedException {
        List<Path> tables = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
        if (!Files.isReadable(tables.get(0))) {
            Thread.sleep(200);   // no socket table to read: give loopback a generous moment instead
            return false;
        }
        String local = String.format(":%04X", port);
        for (Path table : tables) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(local) && f[3].equals("04")) {   // 04 = FIN_WAIT1
                    return true;
                }
            }
        }
        return false;
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
