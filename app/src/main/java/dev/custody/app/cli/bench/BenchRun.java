package dev.custody.app.cli.bench;

import dev.custody.ports.ChainId;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Drives one phase of a benchmark: {@code concurrency} client threads take batch numbers from a shared
 * counter until the events (or the time) run out, each waiting for its append to be acknowledged before the
 * next, and record every successful append's latency.
 */
final class BenchRun {

    /**
     * What to run.
     *
     * @param events total events, or -1 when the phase is bounded by {@code duration}
     * @param duration how long to run, or null when bounded by {@code events}
     * @param firstEvent number of the phase's first event (payloads differ between phases)
     */
    record Plan(long events, Duration duration, int concurrency, int batch, List<ChainId> chains, long firstEvent) {
    }

    /**
     * What happened.
     *
     * @param latencies nanoseconds per successful append
     */
    record Outcome(long events, long requests, long errors, String firstError, long nanos, Histogram latencies) {
    }

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private BenchRun() {
    }

    static Outcome run(BenchTarget target, Plan plan, PrintWriter progress, String phase) throws InterruptedException {
        AtomicLong nextBatch = new AtomicLong();
        LongAdder events = new LongAdder();
        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        long batches = plan.events() < 0 ? Long.MAX_VALUE : (plan.events() + plan.batch() - 1) / plan.batch();
        long start = System.nanoTime();
        long deadline = plan.duration() == null ? Long.MAX_VALUE : start + plan.duration().toNanos();
        List<Thread> clients = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int c = 0; c < plan.concurrency(); c++) {
            ChainId chain = plan.chains().get(c % plan.chains().size());
            Histogram h = new Histogram(3);
            histograms.add(h);
            clients.add(new Thread(() -> {
                try {
                    for (long b; (b = nextBatch.getAndIncrement()) < batches && System.nanoTime() < deadline; ) {
                        int count = (int) (plan.events() < 0 ? plan.batch() : Math.min(plan.batch(), plan.events() - b * plan.batch()));
                        long t0 = System.nanoTime();
                        String error = target.append(chain, plan.firstEvent() + b * plan.batch(), count);
                        long took = System.nanoTime() - t0;
                        if (error == null) {
                            h.recordValue(took);
                            events.add(count);
                            requests.increment();
                        } else {
                            errors.increment();
                            report(firstError, error, progress);
                        }
                    }
                } catch (Throwable t) {
                    errors.increment();
                    report(firstError, "client failed: " + t, progress);
                }
            }, "bench-client-" + c));
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {start, 0};
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long done = events.sum();
            synchronized (progress) {
                progress.printf("custody bench: %s %,d events, %,.0f events/s now, %,d errors%n", phase, done,
                        (done - last[1]) / ((now - last[0]) / 1e9), errors.sum());
                progress.flush();
            }
            last[0] = now;
            last[1] = done;
        }, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            clients.forEach(Thread::start);
            for (Thread t : clients) {
                t.join();
            }
        } finally {
            ticker.shutdownNow();
        }
        long nanos = System.nanoTime() - start;
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        return new Outcome(events.sum(), requests.sum(), errors.sum(), firstError.get(), nanos, all);
    }

    private static void report(AtomicReference<String> firstError, String error, PrintWriter progress) {
        if (firstError.compareAndSet(null, error)) {
            synchronized (progress) {
                progress.println("custody bench: first error: " + error);
                progress.flush();
            }
        }
    }
}
