package dev.custody.plugins.splunk;

import dev.custody.ports.AuditSink;
import dev.custody.tck.sink.SinkOrderingContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The kit's ordering contract for the splunk-hec sink with indexer acknowledgement, against a real loopback HEC server. */
class HecOrderingContractTest extends SinkOrderingContract {

    private final HecKit kit;

    HecOrderingContractTest() throws Exception {
        kit = new HecKit();
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
