package com.example.custody;

import dev.custody.ports.AuditSink;
import dev.custody.tck.sink.SinkAtLeastOnceContract;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/** The kit's at-least-once contract, run against the file the sink appends to. */
class NdjsonAtLeastOnceContractTest extends SinkAtLeastOnceContract {

    private NdjsonFileReceiver receiver;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new NdjsonFileReceiver(home.resolve("receiver"));   // home: the kit's temporary directory
    }

    @Override
    protected AuditSink newSink() {
        return receiver.newSink(home);
    }

    @Override
    protected List<String> receivedIds() {
        return receiver.receivedIds();
    }

    @Override
    protected void stopReceiver() throws Exception {
        receiver.stop();
    }

    @Override
    protected void startReceiver() throws Exception {
        receiver.start();
    }
}
