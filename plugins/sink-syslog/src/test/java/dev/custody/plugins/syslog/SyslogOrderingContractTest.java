package dev.custody.plugins.syslog;

import dev.custody.ports.AuditSink;
import dev.custody.tck.sink.SinkOrderingContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The kit's ordering contract for the syslog sink (format json) against a real loopback receiver. */
class SyslogOrderingContractTest extends SinkOrderingContract {

    private final SyslogKit kit;

    SyslogOrderingContractTest() throws Exception {
        kit = new SyslogKit();
    }

    @AfterEach
    void stop() throws Exception {
        kit.close();
    }

    @Override
    protected AuditSink newSink() {
        return kit.sink(home, "json");
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
