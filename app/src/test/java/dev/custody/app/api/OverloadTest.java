package dev.custody.app.api;

import static dev.custody.app.api.TestServer.ADMIN;
import static dev.custody.app.api.TestServer.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.app.testing.FlakyAuditStoreProvider;
import dev.custody.app.testing.FlakyAuditStoreProvider.Flaky;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Ten times the sustainable rate against the real HTTP server, whose system of record writes only so many
 * events a second (the {@code test-flaky} memory store with a throughput cap, as a saturated database). First
 * {@value #CLOSED_LOOP_CLIENTS} closed-loop clients measure the sustainable rate for 2 s; then an open-loop
 * generator offers ten times that rate for 10 s while {@code GET /health} is sampled every 100 ms. Throughout,
 * health answers within 100 ms, the excess is refused with {@code 429 OVERLOADED} and {@code Retry-After},
 * no other 5xx than 503 appears, no answer takes unboundedly long, and afterwards every record answered 201 is
 * in the store at its seq and every chain verifies.
 */
class OverloadTest {

    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
    private static final int CLOSED_LOOP_CLIENTS = 16;
    /** The store writes one event per 2 ms: at most 500 events a second across all chains. */
    private static final long STORE_NANOS_PER_EVENT = 2_000_000;
    private static final Duration MEASURE = Duration.ofSeconds(2);
    private static final Duration OVERLOAD = Duration.ofSeconds(10);
    private static final long HEALTH_BOUND_MILLIS = 100;
    /** An admitted request waits at most for the in-flight bound to drain at the store's rate; far below this. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    @TempDir
    Path home;
    TestServer api;
    Flaky store;

    private final HttpClient load = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    /** id → chain and seq of every record answered 201. */
    private final Map<String, Created> created = new ConcurrentHashMap<>();
    private final AtomicLong slowestAnswerNanos = new AtomicLong();
    private final LongAdder withoutRetryAfter = new LongAdder();

    private record Created(ChainId chain, long seq) {
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void tenTimesTheSustainableRate_healthStaysFast_excessIs429_acceptedIsKept() throws Exception {
        String name = UUID.randomUUID().toString();
        Map<String, Object> props = new HashMap<>();
        props.put("custody.storage.primary.backend", "test-flaky");
        props.put("custody.storage.primary.properties.name", name);
        props.put("custody.security.api-keys", List.of(TestServer.key("admin", ADMIN, "admin", "*/*")));
        api = TestServer.start(home, props);
        store = FlakyAuditStoreProvider.store(name);
        store.appendNanosPerEvent.set(STORE_NANOS_PER_EVENT);
        for (String tenant : TENANTS) {   // warm up the path once per chain
            assertThat(send(tenant, "warm-up").join().statusCode()).isEqualTo(201);
        }

        double sustainable = closedLoop();
        assertThat(statuses.keySet()).as("closed loop: %s; %s", statuses, failures).containsOnly(201);
        assertThat(sustainable).as("sustainable rate (requests/s)").isGreaterThan(50);

        statuses.clear();
        HealthSampler health = new HealthSampler();
        health.start();
        long offered = openLoop(10 * sustainable);
        health.stop();

        long refused = count(429) + count(503);
        long accepted = count(201);
        String summary = String.format("sustainable %.0f/s, offered %d in %ds (%.0f/s), statuses %s, slowest answer %d ms, "
                        + "health samples %d, slowest %.1f ms, over %d ms: %d", sustainable, offered, OVERLOAD.toSeconds(),
                offered / (double) OVERLOAD.toSeconds(), statuses, slowestAnswerNanos.get() / 1_000_000, health.samples.size(),
                health.max() / 1e6, HEALTH_BOUND_MILLIS, health.over(HEALTH_BOUND_MILLIS));
        LoggerFactory.getLogger(OverloadTest.class).info("overload: {}", summary);

        assertThat(failures).as(summary).isEmpty();
        assertThat(offered).as("the generator offered at least 8x the sustainable rate: " + summary)
                .isGreaterThanOrEqualTo((long) (8 * sustainable * OVERLOAD.toSeconds()));
        assertThat(statuses.keySet()).as(summary).isSubsetOf(201, 429, 503);
        assertThat(refused).as("the excess is refused: " + summary).isGreaterThan(offered / 2);
        assertThat(withoutRetryAfter.sum()).as("429/503 without Retry-After").isZero();
        assertThat(accepted).as("the store kept working: " + summary).isGreaterThan((long) (sustainable * OVERLOAD.toSeconds() / 4));
        assertThat(health.failed).as(summary).isEmpty();
        assertThat(health.samples.size()).as(summary).isGreaterThanOrEqualTo(80);
        assertThat(health.over(HEALTH_BOUND_MILLIS)).as("health samples over %d ms: %s", HEALTH_BOUND_MILLIS, summary).isZero();

        assertEveryCreatedRecordIsAtItsSeq();
    }

    /** {@value #CLOSED_LOOP_CLIENTS} clients, each sending its next append when the last is answered; requests/s. */
    private double closedLoop() throws InterruptedException {
        LongAdder answered = new LongAdder();
        long end = System.nanoTime() + MEASURE.toNanos();
        CountDownLatch done = new CountDownLatch(CLOSED_LOOP_CLIENTS);
        for (int c = 0; c < CLOSED_LOOP_CLIENTS; c++) {
            String tenant = TENANTS.get(c % TENANTS.size());
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        send(tenant, "closed-" + client + "-" + i).join();
                        answered.increment();
                    }
                } finally {
                    done.countDown();
                }
            }, "closed-loop-" + c);
            t.setDaemon(true);
            t.start();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        return answered.sum() / (MEASURE.toNanos() / 1e9);
    }

    /** Sends at {@code rate} requests/s for {@link #OVERLOAD}, whatever the answers, then waits for them all. */
    private long openLoop(double rate) throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + OVERLOAD.toNanos();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long sent = 0;
        for (long next = start; next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 200_000) {
                LockSupport.parkNanos(wait);
            }
            pending.add(send(TENANTS.get((int) (sent % TENANTS.size())), "open-" + sent));
            sent++;
            if (pending.size() >= 4096) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
        assertThat(pending).as("every request was answered").allMatch(CompletableFuture::isDone);
        return sent;
    }

    private CompletableFuture<HttpResponse<String>> send(String tenant, String action) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.server.getURL() + "/v1/audit/events"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event("billing", tenant, action)))
                .build();
        long started = System.nanoTime();
        return load.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).whenComplete((r, t) -> {
            slowestAnswerNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
            if (t != null) {
                failures.add(action + ": " + t);
                return;
            }
            statuses.computeIfAbsent(r.statusCode(), s -> new LongAdder()).increment();
            if (r.statusCode() == 201) {
                Map<?, ?> rec = (Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(r.body())).get("records")).get(0);
                created.put((String) rec.get("id"), new Created(ChainId.of((String) rec.get("namespace"),
                        (String) rec.get("tenant")), (Long) rec.get("seq")));
            } else if ((r.statusCode() == 429 || r.statusCode() == 503) && r.headers().firstValue("Retry-After").isEmpty()) {
                withoutRetryAfter.increment();
            }
        });
    }

    private long count(int status) {
        LongAdder n = statuses.get(status);
        return n == null ? 0 : n.sum();
    }

    private void assertEveryCreatedRecordIsAtItsSeq() {
        store.appendNanosPerEvent.set(0);
        assertThat(created).isNotEmpty();
        for (Map.Entry<String, Created> e : created.entrySet()) {
            Optional<AuditRecord> stored = store.delegate.readRange(e.getValue().chain(), e.getValue().seq(), e.getValue().seq())
                    .stream().findFirst();
            assertThat(stored).as("record %s at %s", e.getKey(), e.getValue()).isPresent();
            assertThat(stored.get().id()).as("the record at %s", e.getValue()).isEqualTo(e.getKey());
        }
        for (String tenant : TENANTS) {
            ChainId chain = ChainId.of("billing", tenant);
            Verification v = new ChainVerifier().verify(store.delegate, chain);
            assertThat(v.valid()).as(chain + ": " + v.reason()).isTrue();
        }
    }

    /** {@code GET /health} every 100 ms on its own connection, timing each answer. */
    private final class HealthSampler {
        final List<Long> samples = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger rounds = new AtomicInteger();
        private Thread thread;

        void start() {
            thread = new Thread(() -> {
                HttpRequest health = HttpRequest.newBuilder(URI.create(api.server.getURL() + "/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build();
                long next = System.nanoTime();
                while (running.get()) {
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(health, HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - started;
                        synchronized (this) {
                            samples.add(took);
                            if (r.statusCode() != 200 || !r.body().contains("\"status\":\"UP\"")) {
                                failed.add(r.statusCode() + " " + r.body());
                            }
                        }
                    } catch (Exception e) {
                        synchronized (this) {
                            failed.add(e.toString());
                        }
                    }
                    rounds.incrementAndGet();
                    next += 100_000_000L;
                    LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                }
            }, "health-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        synchronized long max() {
            return samples.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        synchronized long over(long millis) {
            return samples.stream().filter(n -> n > millis * 1_000_000).count();
        }
    }
}
