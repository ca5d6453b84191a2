package dev.custody.tck.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.delivery.DeliveryEngine;
import dev.custody.domain.delivery.SinkStatus;
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

    @Test
    void receiverDown_lagCountsEveryRecordPastTheCursor_whileDeliveryKeepsFailing() throws Exception {
        if (unsupported().contains(SinkCapability.RECEIVER_RESTART)) {
            assertThatThrownBy(this::stopReceiver).isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = new ArrayList<>(append(chain, 3));
        DeliveryEngine engine = engine(settings(4, 1 << 20));
        await("first records received", () -> firstArrivals(all).size() == 3);
        await("no lag once they are delivered", () -> engine.status().get(0).lag() == 0);
        stopReceiver();
        try {
            for (int i = 0; i < 9; i++) {
                all.addAll(append(chain, 10));
                engine.appended(chain, 10);
            }
            await("the sink reports failures while the receiver is down", () -> engine.status().get(0).failing());
            await("the lag counts the 90 records waiting", () -> engine.status().get(0).lag() == 90);
            for (int i = 0; i < 10; i++) {
                SinkStatus s = engine.status().get(0);
                assertThat(s.failing()).as("still failing").isTrue();
                assertThat(s.lag()).as("lag while failing, sample " + i).isEqualTo(90);
                Thread.sleep(20);
            }
        } finally {
            startReceiver();
        }
        await("every record received after the restart", () -> firstArrivals(all).size() == 93);
        await("no lag once they are delivered", () -> engine.status().get(0).lag() == 0);
    }
}
