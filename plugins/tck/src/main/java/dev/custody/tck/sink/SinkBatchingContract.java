package dev.custody.tck.sink;

import static org.assertj.core.api.Assertions.assertThat;

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
        await("201 records received", () -> firstArrivals(records).size() == 201);
        assertThat(firstArrivals(records)).containsExactlyElementsOf(ids(records));
    }

    @Test
    void engineBatchesByCountAndBytes_deliverEverything() throws Exception {
        ChainId byCount = newChain();
        ChainId byBytes = newChain();
        List<AuditRecord> counted = append(byCount, 30);
        List<AuditRecord> sized = append(byBytes, 10);
        engine(settings(3, 1024));
        await("every record received", () -> firstArrivals(counted).size() == 30 && firstArrivals(sized).size() == 10);
        assertThat(firstArrivals(counted)).containsExactlyElementsOf(ids(counted));
        assertThat(firstArrivals(sized)).containsExactlyElementsOf(ids(sized));
    }
}
