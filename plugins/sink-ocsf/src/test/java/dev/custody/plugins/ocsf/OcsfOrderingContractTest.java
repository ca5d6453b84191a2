package dev.custody.plugins.ocsf;

import dev.custody.ports.AuditSink;
import dev.custody.tck.sink.SinkOrderingContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The kit's ordering contract for the ocsf sink against a real loopback webhook receiver. */
class OcsfOrderingContractTest extends SinkOrderingContract {

    private final OcsfKit kit;

    OcsfOrderingContractTest() throws Exception {
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
