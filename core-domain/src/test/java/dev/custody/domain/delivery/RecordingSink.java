package dev.custody.domain.delivery;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.SinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps what it accepted and refuses while told to fail; for testing the engine, not a sink. */
class RecordingSink implements AuditSink {

    final List<List<AuditRecord>> batches = new ArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();
    volatile int failuresLeft;
    volatile boolean closed;

    @Override
    public synchronized void deliver(ChainId chain, List<AuditRecord> batch) {
        attempts.incrementAndGet();
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new SinkException("receiver refused (" + failuresLeft + " refusals left)");
        }
        batch.forEach(r -> {
            if (!r.chain().equals(chain)) {
                throw new AssertionError("record of " + r.chain() + " in a batch of " + chain);
            }
        });
        batches.add(List.copyOf(batch));
    }

    synchronized List<AuditRecord> records() {
        return batches.stream().flatMap(List::stream).toList();
    }

    synchronized List<Long> seqs(ChainId chain) {
        return records().stream().filter(r -> r.chain().equals(chain)).map(AuditRecord::seq).toList();
    }

    @Override
    public void close() {
        closed = true;
    }
}
