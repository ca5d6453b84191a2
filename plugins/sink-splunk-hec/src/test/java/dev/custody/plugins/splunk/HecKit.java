package dev.custody.plugins.splunk;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The HEC receiver (acks on) the kit's sink contracts run against, restartable on the same port. */
final class HecKit implements AutoCloseable {

    private final List<HecReceiver> receivers = new ArrayList<>();
    private HecReceiver current;
    private final int port;

    HecKit() throws IOException {
        current = start(0);
        port = Integer.parseInt(current.url().substring(current.url().lastIndexOf(':') + 1));
    }

    private HecReceiver start(int p) throws IOException {
        HecReceiver r = new HecReceiver(p);
        r.ackEnabled = true;
        r.pollsUntilIndexed = 2;
        receivers.add(r);
        return r;
    }

    AuditSink sink(Path home) {
        return new SplunkHecSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.", Map.of(
                "url", "http://127.0.0.1:" + port, "token", HecReceiver.TOKEN, "ack", "true", "ack.poll-interval", "5ms",
                "ack.timeout", "2s", "timeout", "2s")), ProviderContext.of(home));
    }

    /** Ids of indexed (acknowledged) events only: what Splunk would have. */
    synchronized List<String> ids() {
        List<String> out = new ArrayList<>();
        for (HecReceiver r : receivers) {
            if (!r.errors.isEmpty()) {
                throw new AssertionError("receiver errors: " + r.errors);
            }
            r.indexed.forEach(e -> out.add(e.get("event").get("id").asText()));
        }
        return out;
    }

    synchronized void stop() {
        current.close();
    }

    synchronized void start() throws IOException {
        current = start(port);
    }

    @Override
    public void close() {
        current.close();
    }
}
