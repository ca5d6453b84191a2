package dev.custody.plugins.syslog;

import dev.custody.ports.AuditSink;
import dev.custody.tck.sink.SinkBatchingContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The kit's batching contract for the syslog sink (format cef) against a real loopback receiver. */
class SyslogBatchingContractTest extends SinkBatchingContract {

    private final SyslogKit kit;

    SyslogBatchingContractTest() throws Exception {
        kit = new SyslogKit();
    }

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    @Override
    protected AuditSink newSink() {
        return kit.sink(home, "cef");
    }

    @Override
    protected List<String> receivedIds() {
        return kit.ids();
    }

    @Override
    protected void stopReceiver() throws Exception {
        kit.stop();
    }

    @Override
    protected void startReceiver() throws Exception {
        kit.start();
    }
}
