package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditSink;
import dev.custody.tck.sink.SinkAtLeastOnceContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The kit's atleastonce contract for the ocsf sink against a real loopback webhook receiver. */
class OcsfAtLeastOnceContractTest extends SinkAtLeastOnceContract {

    private final OcsfKit kit;

    OcsfAtLeastOnceContractTest() throws Exception {
        kit = new OcsfKit();
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    @Override
    protected AuditSink newSink() {
        return kit.sink(home);
    }

    @Override
    protected List<String> receivedIds() {
        return kit.ids();
    }

    @Override
    protected void stopReceiver() {
        kit.stop();
    }

    @Override
    protected void startReceiver() throws Exception {
        kit.start();
    }
}
