package dev.custody.app.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
     * @param chains which chain each append goes to
     * @param firstEvent number of the phase's first event (payloads differ between phases)
     */
    record Plan(long events, Duration duration, int concurrency, int batch, BenchChains chains, long firstEvent) {
    }

    /**
     * What happened.
     *
     * @param errorsByKind failed appends by {@link BenchTarget.Failure#kind()}
     * @param latencies nanoseconds per successful append
     * @param firstVisits with {@link BenchChains.Rounds}: the latencies of the first round (new chains), else null
     * @param revisits with {@link BenchChains.Rounds}: the latencies of the later rounds (chains appended to a
     *     round before), else null
     */
    record Outcome(long events, long requests, long errors, SortedMap<String, Long> errorsByKind, String firstError,
            long nanos, Histogram latencies, Histogram firstVisits, Histogram revisits) {
    }

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private BenchRun() {
    }

    static Outcome run(BenchTarget target, Plan plan, PrintWriter progress, String phase) throws InterruptedException {
        AtomicLong nextBatch = new AtomicLong();
        LongAdder events = new LongAdder();
        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
        AtomicReference<String> firstError = new AtomicReference<>();
        long batches = plan.events() < 0 ? Long.MAX_VALUE : (plan.events() + plan.batch() - 1) / plan.batch();
        BenchChains.Rounds rounds = plan.chains() instanceof BenchChains.Rounds r ? r : null;
        long start = System.nanoTime();
        long deadline = plan.duration() == null ? Long.MAX_VALUE : start + plan.duration().toNanos();
        List<Thread> clients = new ArrayList<>();
        List<Histogram> all = new ArrayList<>();
        List<Histogram> first = new ArrayList<>();
        List<Histogram> later = new ArrayList<>();
        for (int c = 0; c < plan.concurrency(); c++) {
            int client = c;
            Histogram h = new Histogram(3);
            Histogram hFirst = new Histogram(3);
            Histogram hLater = new Histogram(3);
            all.add(h);
            first.add(hFirst);
            later.add(hLater);
            clients.add(new Thread(() -> {
                try {
                    for (long b; (b = nextBatch.getAndIncrement()) < batches && System.nanoTime() < deadline; ) {
                        int count = (int) (plan.events() < 0 ? plan.batch() : Math.min(plan.batch(), plan.events() - b * plan.batch()));
                        long t0 = System.nanoTime();
                        BenchTarget.Failure failure = target.append(plan.chains().chain(client, b), plan.firstEvent() + b * plan.batch(), count);
                        long took = System.nanoTime() - t0;
                        if (failure == null) {
                            h.recordValue(took);
                            if (rounds != null) {
                                (rounds.revisit(b) ? hLater : hFirst).recordValue(took);
                            }
                            events.add(count);
                            requests.increment();
                        } else {
                            count(errors, byKind, failure.kind());
                            report(firstError, failure.message(), progress);
                        }
                    }
                } catch (Throwable t) {
                    count(errors, byKind, "client failed");
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
        SortedMap<String, Long> kinds = new TreeMap<>();
        byKind.forEach((k, v) -> kinds.put(k, v.sum()));
        return new Outcome(events.sum(), requests.sum(), errors.sum(), kinds, firstError.get(), nanos, merged(all),
                rounds == null ? null : merged(first), rounds == null ? null : merged(later));
    }

    private static Histogram merged(List<Histogram> histograms) {
        Histogram sum = new Histogram(3);
        histograms.forEach(sum::add);
        return sum;
    }

    private static void count(LongAdder errors, Map<String, LongAdder> byKind, String kind) {
        errors.increment();
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
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
