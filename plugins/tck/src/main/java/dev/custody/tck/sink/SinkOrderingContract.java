package dev.custody.tck.sink;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records arrive complete and in seq order per chain. */
public abstract class SinkOrderingContract extends SinkContract {

    @Test
    void aDeliveredBatchArrivesCompleteAndInOrder() throws Exception {
        ChainId chain = newChain();
        List<AuditRecord> records = append(chain, 25);
        openSink().deliver(chain, records);
        awaitArrival("the 25 records of one delivered batch", records);
        assertArrivedInOrder(records);
    }

    @Test
    void theEngineDeliversEveryChainInSeqOrder() throws Exception {
        ChainId a = newChain();
        ChainId b = newChain();
        List<AuditRecord> ra = append(a, 12);
        List<AuditRecord> rb = append(b, 9);
        engine(settings(5, 1 << 20));
        List<AuditRecord> more = append(a, 4);
        List<AuditRecord> all = new ArrayList<>(ra);
        all.addAll(more);
        awaitArrival("16 records of chain " + a + " through the engine", all);
        awaitArrival("9 records of chain " + b + " through the engine", rb);
        assertArrivedInOrder(ra);
        assertArrivedInOrder(rb);
        assertArrivedInOrder(all);
    }
}
