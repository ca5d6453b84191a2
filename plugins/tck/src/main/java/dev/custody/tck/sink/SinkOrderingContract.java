package dev.custody.tck.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records arrive complete and in seq order per chain. */
public abstract class SinkOrderingContract extends SinkContract {

    @Test
    void aDeliveredBatchArrivesCompleteAndInOrder() throws Exception {
        ChainId chain = newChain();
        List<AuditRecord> records = append(chain, 25);
        openSink().deliver(chain, records);
        await("25 records received", () -> firstArrivals(records).size() == 25);
        assertThat(firstArrivals(records)).containsExactlyElementsOf(ids(records));
    }

    @Test
    void theEngineDeliversEveryChainInSeqOrder() throws Exception {
        ChainId a = newChain();
        ChainId b = newChain();
        List<AuditRecord> ra = append(a, 12);
        List<AuditRecord> rb = append(b, 9);
        engine(settings(5, 1 << 20));
        List<AuditRecord> more = append(a, 4);
        await("all records received", () -> firstArrivals(ra).size() == 12 && firstArrivals(rb).size() == 9
                && firstArrivals(more).size() == 4);
        assertThat(firstArrivals(ra)).containsExactlyElementsOf(ids(ra));
        assertThat(firstArrivals(rb)).containsExactlyElementsOf(ids(rb));
        List<AuditRecord> all = new java.util.ArrayList<>(ra);
        all.addAll(more);
        assertThat(firstArrivals(all)).containsExactlyElementsOf(ids(all));
    }
}
