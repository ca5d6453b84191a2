package dev.custody.plugins.syslog;

import dev.custody.ports.AuditSink;
import dev.custody.tck.sink.SinkAtLeastOnceContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The kit's atleastonce contract for the syslog sink (format json) against a real loopback receiver. */
class SyslogAtLeastOnceContractTest extends SinkAtLeastOnceContract {

    private final SyslogKit kit;

    SyslogAtLeastOnceContractTest() throws Exception {
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
