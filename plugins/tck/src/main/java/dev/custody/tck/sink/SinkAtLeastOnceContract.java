package dev.custody.tck.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.SinkException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * While the receiver is down the sink fails (it never reports a batch as delivered that nobody took);
 * after the receiver comes back every record arrives at least once, in seq order per chain.
 */
public abstract class SinkAtLeastOnceContract extends SinkContract {

    @Test
    void receiverDown_deliverThrowsSinkException() throws Exception {
        if (unsupported().contains(SinkCapability.RECEIVER_RESTART)) {
            assertThatThrownBy(this::stopReceiver).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> records = append(chain, 2);
        var sink = openSink();
        sink.deliver(chain, records.subList(0, 1));
        await("first record received", () -> firstArrivals(records).size() == 1);
        stopReceiver();
        try {
            assertThatThrownBy(() -> sink.deliver(chain, records.subList(1, 2))).isInstanceOf(SinkException.class);
        } finally {
            startReceiver();
        }
    }

    @Test
    void receiverRestart_everyRecordArrivesAtLeastOnce_inOrder() throws Exception {
        if (unsupported().contains(SinkCapability.RECEIVER_RESTART)) {
            assertThatThrownBy(this::stopReceiver).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = new ArrayList<>(append(chain, 5));
        DeliveryEngine engine = engine(settings(4, 1 << 20));
        await("first records received", () -> firstArrivals(all).size() == 5);
        stopReceiver();
        all.addAll(append(chain, 6));
        engine.wake(chain);
        await("the sink reports failures while the receiver is down", () -> engine.status().get(0).failing());
        startReceiver();
        await("every record received after the restart", () -> firstArrivals(all).size() == 11);
        assertThat(firstArrivals(all)).containsExactlyElementsOf(ids(all));
        assertThat(engine.status().get(0).deadLettered()).isZero();
    }
}
