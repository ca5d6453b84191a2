package dev.custody.tck.sink;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What the sink under test was asked to do and how each call ended, so that a failed contract can say it
 * ("deliver tck/t3f… seq 6..11 (6 records) threw SinkException: connection refused"). Keeps the last 20 calls.
 */
final class SinkActivity {

    private static final int KEPT = 20;

    private final Deque<String> calls = new ArrayDeque<>();
    private final long start = System.nanoTime();

    /** {@code sink} with every call recorded here. */
    AuditSink record(AuditSink sink) {
        return new AuditSink() {
            @Override
            public void deliver(ChainId chain, List<AuditRecord> batch) {
                String call = "deliver " + chain + " " + range(batch);
                try {
                    sink.deliver(chain, batch);
                    add(call + " returned");
                } catch (RuntimeException | Error e) {
                    add(call + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    throw e;
                }
            }

            @Override
            public void close() {
                sink.close();
                add("close");
            }
        };
    }

    static String range(List<AuditRecord> batch) {
        if (batch.isEmpty()) {
            return "(empty batch)";
        }
        return "seq " + batch.get(0).seq() + ".." + batch.get(batch.size() - 1).seq() + " (" + batch.size() + " records)";
    }

    synchronized void add(String what) {
        calls.addLast(String.format("%7.3f s  %s", (System.nanoTime() - start) / 1e9, what));
        while (calls.size() > KEPT) {
            calls.removeFirst();
        }
    }

    /** The recorded calls, one per line, oldest first; "no calls" when there were none. */
    synchronized String describe() {
        return calls.isEmpty() ? "  (the sink was never called)" : "  " + String.join("\n  ", calls);
    }
}
