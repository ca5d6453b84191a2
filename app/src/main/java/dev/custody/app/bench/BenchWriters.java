package dev.custody.app.bench;

import dev.custody.domain.chain.ChainAppender;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** The writer threads of the append benchmarks: one event per call, a window of calls in flight per writer. */
final class BenchWriters {

    private BenchWriters() {
    }

    /**
     * Runs {@code writers} threads until {@code total} events are appended, writer {@code w} to
     * {@code chainOf.apply(w)}, each keeping up to {@code inFlight} calls waiting for their acknowledgement
     * (1 = fully synchronous).
     *
     * @return each call's latency in ns
     * @throws IllegalStateException when a writer failed
     */
    static long[] run(ChainAppender appender, int writers, int total, int inFlight, IntFunction<ChainId> chainOf)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        long[][] lat = new long[writers][];
        CountDownLatch done = new CountDownLatch(writers);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            ChainId chain = chainOf.apply(w);
            Thread t = new Thread(() -> {
                long[] mine = new long[total / writers + 2];
                int n = 0;
                ArrayDeque<CompletableFuture<List<AuditRecord>>> window = new ArrayDeque<>();
                ArrayDeque<Long> started = new ArrayDeque<>();
                try {
                    for (long i; (i = next.getAndIncrement()) < total || !window.isEmpty(); ) {
                        if (i < total) {
                            started.add(System.nanoTime());
                            window.add(appender.appendAsync(List.of(BenchEvents.event(chain, i))));
                        }
                        if (window.size() >= inFlight || i >= total) {
                            window.poll().join();
                            long s = started.poll();
                            if (n < mine.length) {
                                mine[n++] = System.nanoTime() - s;
                            }
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    lat[id] = Arrays.copyOf(mine, n);
                    done.countDown();
                }
            }, "bench-writer-" + w);
            t.start();
        }
        done.await();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a writer failed", errors.get(0));
        }
        return Arrays.stream(lat).flatMapToLong(Arrays::stream).toArray();
    }
}
