package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The webhook receiver of the kit's sink contracts: validates every event against OCSF 1.1.0, restartable. */
final class OcsfKit implements AutoCloseable {

    private final OcsfReceiver receiver;

    OcsfKit() throws IOException {
        receiver = new OcsfReceiver(null);
    }

    AuditSink sink(Path home) {
        return new OcsfWebhookSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.",
                Map.of("url", receiver.url(), "timeout", "2s")), ProviderContext.of(home));
    }

    List<String> ids() {
        return receiver.ids();
    }

    void stop() {
        receiver.stop();
    }

    void start() throws IOException {
        receiver.start();
    }

    @Override
    public void close() {
        receiver.close();
    }
}
