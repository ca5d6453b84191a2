package dev.custody.tck.sink;

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
            assertThatThrownBy(this::stopReceiver).as("unsupported() lists RECEIVER_RESTART, so stopReceiver() must throw "
                    + "UnsupportedOperationException").isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> records = append(chain, 2);
        var sink = openSink();
        sink.deliver(chain, records.subList(0, 1));
        awaitArrival("the first record, before the receiver is stopped", records.subList(0, 1));
        stopReceiver();
        try {
            sink.deliver(chain, records.subList(1, 2));
            throw new AssertionError("deliver returned normally while the receiver was stopped: the sink reported "
                    + describe(ids(records.subList(1, 2))) + " as delivered, and no receiver took it. A sink must throw "
                    + "SinkException when it cannot hand a batch over, so that the engine retries.\n" + sinkState());
        } catch (SinkException expected) {
            // what the contract asks
        } catch (RuntimeException e) {
            throw new AssertionError("deliver threw " + e + " while the receiver was stopped; the contract asks for "
                    + "SinkException (message: sink, target, what failed).\n" + sinkState(), e);
        } finally {
            startReceiver();
        }
    }

    @Test
    void receiverRestart_everyRecordArrivesAtLeastOnce_inOrder() throws Exception {
        if (unsupported().contains(SinkCapability.RECEIVER_RESTART)) {
            assertThatThrownBy(this::stopReceiver).as("unsupported() lists RECEIVER_RESTART, so stopReceiver() must throw "
                    + "UnsupportedOperationException").isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = new ArrayList<>(append(chain, 5));
        DeliveryEngine engine = engine(settings(4, 1 << 20));
        awaitArrival("the first 5 records, before the receiver is stopped", List.copyOf(all));
        stopReceiver();
        all.addAll(append(chain, 6));
        engine.wake(chain);
        await("the sink to fail while the receiver is down", () -> engine.status().get(0).failing());
        startReceiver();
        awaitArrival("all 11 records after the receiver restarted", all);
        assertArrivedInOrder(all);
        if (engine.status().get(0).deadLettered() != 0) {
            throw new AssertionError("records were dead-lettered although every attempt may be retried:\n" + sinkState());
        }
    }

    @Test
    void receiverDown_lagCountsEveryRecordPastTheCursor_whileDeliveryKeepsFailing() throws Exception {
        if (unsupported().contains(SinkCapability.RECEIVER_RESTART)) {
            assertThatThrownBy(this::stopReceiver).as("unsupported() lists RECEIVER_RESTART, so stopReceiver() must throw "
                    + "UnsupportedOperationException").isInstanceOf(UnsupportedOperationException.class);
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = new ArrayList<>(append(chain, 3));
        DeliveryEngine engine = engine(settings(4, 1 << 20));
        awaitArrival("the first 3 records, before the receiver is stopped", List.copyOf(all));
        await("no lag once they are delivered", () -> engine.status().get(0).lag() == 0);
        stopReceiver();
        try {
            for (int i = 0; i < 9; i++) {
                all.addAll(append(chain, 10));
                engine.appended(chain, 10);
            }
            await("the sink to fail while the receiver is down", () -> engine.status().get(0).failing());
            await("the lag to count the 90 records waiting", () -> engine.status().get(0).lag() == 90);
            for (int i = 0; i < 10; i++) {
                SinkStatus s = engine.status().get(0);
                if (!s.failing() || s.lag() != 90) {
                    throw new AssertionError("while the receiver is down the sink must keep failing with lag 90; sample "
                            + i + " has failing " + s.failing() + ", lag " + s.lag() + ".\n" + sinkState());
                }
                Thread.sleep(20);
            }
        } finally {
            startReceiver();
        }
        awaitArrival("all 93 records after the receiver restarted", all);
        await("no lag once they are delivered", () -> engine.status().get(0).lag() == 0);
    }
}
