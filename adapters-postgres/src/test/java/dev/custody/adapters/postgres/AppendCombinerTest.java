package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.adapters.postgres.AppendSql.Request;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The combining rules of {@link AppendCombiner}, with a runner that records its rounds (no database). */
class AppendCombinerTest {

    private static final ChainTip TIP = new ChainTip(7, "h7", Instant.EPOCH);

    /** Records every round; a round of several requests must hold distinct chains and no genesis append. */
    private static final class RecordingRunner implements AppendCombiner.Runner {
        final List<List<Request>> rounds = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final Set<Request> answered = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

        @Override
        public ChainTip single(Request request) {
            enter(List.of(request));
            return request.chain().tenant().endsWith("-conflict") ? TIP : null;
        }

        @Override
        public List<ChainTip> many(List<Request> requests) {
            enter(requests);
            List<ChainTip> heads = new ArrayList<>();
            requests.forEach(r -> heads.add(r.chain().tenant().endsWith("-conflict") ? TIP : null));
            return heads;
        }

        private void enter(List<Request> round) {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                rounds.add(List.copyOf(round));
                round.forEach(r -> assertThat(answered.add(r)).as("a request runs once").isTrue());
                Thread.sleep(1);   // a round takes time, so that others queue up behind it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private static Request request(String tenant, boolean genesis) {
        return new Request(ChainId.of("ns", tenant), genesis ? ChainTip.GENESIS : TIP, List.<AuditRecord>of());
    }

    @Test
    void concurrentRequestsAreCombinedIntoRoundsOfDistinctChainsAndEachIsAnsweredOnce() throws Exception {
        RecordingRunner runner = new RecordingRunner();   // requests are records: equal ones are still distinct calls
        AppendCombiner combiner = new AppendCombiner(2, runner);
        int threads = 24;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                int conflicts = 0;
                for (int i = 0; i < perThread; i++) {
                    // 8 chains, so that some rounds find the same chain twice; every 50th request starts a chain
                    String tenant = "c" + (thread % 8) + (thread % 3 == 0 ? "-conflict" : "");
                    ChainTip head = combiner.append(request(tenant, i % 50 == 0));
                    if (head != null) {
                        assertThat(head).isEqualTo(TIP);
                        conflicts++;
                    }
                }
                return conflicts;
            }));
        }
        start.countDown();
        int conflicts = 0;
        for (Future<Integer> f : futures) {
            conflicts += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(runner.answered).hasSize(threads * perThread);
        assertThat(conflicts).isEqualTo(8 * perThread);   // threads 0, 3, ..., 21 use the "-conflict" chains
        assertThat(runner.maxRunning.get()).as("rounds at once").isBetween(1, 2);
        long combined = runner.rounds.stream().filter(r -> r.size() > 1).count();
        assertThat(combined).as("rounds with several chains").isPositive();
        for (List<Request> round : runner.rounds) {
            Set<ChainId> chains = new HashSet<>();
            round.forEach(r -> assertThat(chains.add(r.chain())).as("one request per chain in a round: %s", round).isTrue());
            if (round.size() > 1) {
                assertThat(round).as("a genesis append goes alone").noneMatch(r -> r.expected().isGenesis());
            }
        }
    }

    @Test
    void aRoundThatFailsForOtherReasonsIsRetriedOneRequestAtATimeSoOnlyTheGuiltyOneFails() throws Exception {
        List<Request> singles = new CopyOnWriteArrayList<>();
        AppendCombiner.Runner runner = new AppendCombiner.Runner() {
            @Override
            public ChainTip single(Request request) {
                singles.add(request);
                if (request.chain().tenant().equals("bad")) {
                    throw new IllegalStateException("bad batch");
                }
                return null;
            }

            @Override
            public List<ChainTip> many(List<Request> requests) {
                throw new IllegalStateException("value too long", new SQLException("value too long", "22001"));
            }
        };
        List<String> outcomes = runConcurrently(new AppendCombiner(1, runner), List.of("a", "b", "bad", "c"));
        assertThat(outcomes).containsExactlyInAnyOrder("a:ok", "b:ok", "bad:bad batch", "c:ok");
    }

    @Test
    void aConnectionFailureFailsTheWholeRoundWithoutRetrying() throws Exception {
        AtomicInteger singles = new AtomicInteger();
        AppendCombiner.Runner runner = new AppendCombiner.Runner() {
            @Override
            public ChainTip single(Request request) {
                singles.incrementAndGet();
                throw new IllegalStateException("down", new SQLException("connection refused", "08001"));
            }

            @Override
            public List<ChainTip> many(List<Request> requests) {
                throw new IllegalStateException("down", new SQLException("connection refused", "08001"));
            }
        };
        List<String> outcomes = runConcurrently(new AppendCombiner(1, runner), List.of("a", "b", "c", "d"));
        assertThat(outcomes).allMatch(o -> o.endsWith(":down"));
        assertThat(singles.get()).as("single appends: only rounds of one, never a retry of a failed round")
                .isLessThanOrEqualTo(4);
    }

    @Test
    void slotsMustBePositive() {
        assertThatThrownBy(() -> new AppendCombiner(0, new RecordingRunner())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Appends one request per tenant from as many threads at once; answers "tenant:ok" or "tenant:message". */
    private static List<String> runConcurrently(AppendCombiner combiner, List<String> tenants) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tenants.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (String tenant : tenants) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    combiner.append(request(tenant, false));
                    return tenant + ":ok";
                } catch (IllegalStateException e) {
                    return tenant + ":" + e.getMessage();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : futures) {
            outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return outcomes;
    }
}
