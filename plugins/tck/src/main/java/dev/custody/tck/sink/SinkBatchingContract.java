package dev.custody.tck.sink;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches of one record, of many, and of whatever the engine's byte limit makes, all arrive. */
public abstract class SinkBatchingContract extends SinkContract {

    @Test
    void oneRecordAndTwoHundredRecordBatches() throws Exception {
        ChainId chain = newChain();
        List<AuditRecord> records = append(chain, 201);
        var sink = openSink();
        sink.deliver(chain, records.subList(0, 1));
        sink.deliver(chain, records.subList(1, 201));
        awaitArrival("a batch of 1 record, then one of 200", records);
        assertArrivedInOrder(records);
    }

    @Test
    void engineBatchesByCountAndBytes_deliverEverything() throws Exception {
        ChainId byCount = newChain();
        ChainId byBytes = newChain();
        List<AuditRecord> counted = append(byCount, 30);
        List<AuditRecord> sized = append(byBytes, 10);
        engine(settings(3, 1024));
        awaitArrival("30 records in engine batches of at most 3", counted);
        awaitArrival("10 records in engine batches of at most 1024 bytes", sized);
        assertArrivedInOrder(counted);
        assertArrivedInOrder(sized);
    }
}
