package dev.custody.app.bench;

import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Live traffic beside a long operation: {@code writers} threads each append one event at a time to a chain of its own
 * through the domain's appender, paced to {@code perSecond} appends in all, and record each append's latency. A phase
 * ({@link #measure}) reports the latencies recorded during it, so the same load can be measured idle and then while
 * something else runs.
 */
final class LiveAppends implements AutoCloseable {

    /** The latencies of one phase, in milliseconds. */
    record Phase(long appends, long errors, double p50, double p99, double max) {
    }

    private final ChainAppender appender;
    private final Recorder recorder = new Recorder(3);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong errors = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final java.util.Queue<long[]> kept = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean keeping;

    /** @param listener told of every append, as the service's appender tells its listeners (archival's traffic signal) */
    LiveAppends(AuditStore store, int writers, int perSecond, AppendListener listener) {
        this.appender = new ChainAppender(store, Clock.systemUTC(), AppendOptions.DEFAULT, listener);
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * writers / perSecond;
        for (int w = 0; w < writers; w++) {
            ChainId chain = ChainId.of("bench", "live-" + w);
            Thread t = new Thread(() -> run(chain, intervalNanos), "live-appends-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void run(ChainId chain, long intervalNanos) {
        long next = System.nanoTime();
        for (long i = 0; !stop.get(); i++) {
            long start = System.nanoTime();
            try {
                appender.append(BenchEvents.event(chain, i));
                long end = System.nanoTime();
                recorder.recordValue(Math.max(1, (end - start) / 1_000));
                if (keeping) {
                    kept.add(new long[] {start, end});
                }
            } catch (RuntimeException e) {
                errors.incrementAndGet();
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();   // behind: do not burst to catch up
            }
        }
    }

    /** From now on until {@link #kept}, every append is kept with its start and end. */
    void keep() {
        kept.clear();
        keeping = true;
    }

    /** The appends since {@link #keep}, as {start, end} in {@code System.nanoTime}; stops keeping them. */
    List<long[]> kept() {
        keeping = false;
        return new ArrayList<>(kept);
    }

    /** Starts a phase: what was recorded so far is dropped. */
    void reset() {
        recorder.getIntervalHistogram();
        errors.set(0);
    }

    /** The appends recorded since the last {@link #reset} or measure. */
    Phase measure() {
        var h = recorder.getIntervalHistogram();
        return new Phase(h.getTotalCount(), errors.getAndSet(0), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    @Override
    public void close() {
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        appender.close();
    }
}
