package dev.custody.tck.sink;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.SinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs single sink contract tests against deliberately broken sinks: the kit must fail each one. */
class KitCatchesBrokenSinksTest {

    @TempDir
    Path dir;

    /** A receiver that is a list, and a sink writing to it, optionally broken. */
    private static final class ListSink implements AuditSink {
        final List<String> received;
        final boolean reverse;
        final boolean swallowErrors;
        volatile boolean receiverUp = true;
        volatile boolean dropLast;

        ListSink(List<String> received, boolean reverse, boolean swallowErrors) {
            this.received = received;
            this.reverse = reverse;
            this.swallowErrors = swallowErrors;
        }

        @Override
        public void deliver(ChainId chain, List<AuditRecord> batch) {
            if (!receiverUp) {
                if (swallowErrors) {
                    return;   // broken: reports a batch nobody received as delivered
                }
                throw new SinkException("receiver down");
            }
            List<AuditRecord> b = new ArrayList<>(batch);
            if (reverse) {
                java.util.Collections.reverse(b);   // broken: loses the seq order
            }
            if (dropLast) {
                b.remove(b.size() - 1);   // broken: loses a record
            }
            b.forEach(r -> received.add(r.id()));
        }

        @Override
        public void close() {
        }
    }

    private static final class Contracts extends SinkAtLeastOnceContract {
        final List<String> received = new CopyOnWriteArrayList<>();
        final ListSink sink;

        Contracts(boolean reverse, boolean swallow, Path home) {
            this.sink = new ListSink(received, reverse, swallow);
            this.home = home;
        }

        @Override
        protected AuditSink newSink() {
            return sink;
        }

        @Override
        protected List<String> receivedIds() {
            return received;
        }

        @Override
        protected void stopReceiver() {
            sink.receiverUp = false;
        }

        @Override
        protected void startReceiver() {
            sink.receiverUp = true;
        }
    }

    private static final class Ordering extends SinkOrderingContract {
        final List<String> received = new CopyOnWriteArrayList<>();
        final ListSink sink;

        Ordering(Path home, boolean reverse, boolean dropLast) {
            this.home = home;
            this.sink = new ListSink(received, reverse, false);
            this.sink.dropLast = dropLast;
        }

        @Override
        protected Duration patience() {
            return Duration.ofMillis(500);
        }

        @Override
        protected AuditSink newSink() {
            return sink;
        }

        @Override
        protected List<String> receivedIds() {
            return received;
        }
    }

    @Test
    void kit_noticesASinkThatReordersABatch_andSaysWhereTheOrderBreaks() throws Exception {
        Ordering c = new Ordering(dir, true, false);
        try {
            assertThatThrownBy(c::aDeliveredBatchArrivesCompleteAndInOrder).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("The receiver did not get the records in seq order: first difference at position 0 "
                            + "expected ")
                    .hasMessageContaining("(seq 1) but received ").hasMessageContaining("(seq 25)")
                    .hasMessageContaining("expected: [").hasMessageContaining("received: [")
                    .hasMessageContaining("What the sink was doing")
                    .hasMessageMatching("(?s).*deliver tck/t[0-9a-f]+ seq 1\\.\\.25 \\(25 records\\) returned.*");
        } finally {
            c.closeKit();
        }
    }

    @Test
    void kit_noticesASinkThatLosesARecord_andNamesIt() throws Exception {
        Ordering c = new Ordering(dir, false, true);
        try {
            assertThatThrownBy(c::aDeliveredBatchArrivesCompleteAndInOrder).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Waited 0 s for: the 25 records of one delivered batch. 24 of 25 records arrived.")
                    .hasMessageContaining("missing:  [").hasMessageContaining("(seq 25)]")
                    .hasMessageContaining("seq 1..25 (25 records) returned");
        } finally {
            c.closeKit();
        }
    }

    @Test
    void kit_noticesASinkThatReportsSuccessWhileTheReceiverIsDown() throws Exception {
        Contracts c = new Contracts(false, true, dir);
        try {
            assertThatThrownBy(c::receiverDown_deliverThrowsSinkException).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("deliver returned normally while the receiver was stopped: the sink reported [")
                    .hasMessageContaining("(seq 2)] as delivered")
                    .hasMessageMatching("(?s).*seq 2\\.\\.2 \\(1 records\\) returned.*");
        } finally {
            c.closeKit();
        }
    }

    @Test
    void kit_passesACorrectSink() throws Exception {
        Contracts c = new Contracts(false, false, dir);
        try {
            c.receiverDown_deliverThrowsSinkException();
            c.receiverRestart_everyRecordArrivesAtLeastOnce_inOrder();
        } finally {
            c.closeKit();
        }
    }
}
