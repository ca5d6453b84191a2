package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainContentionException;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Two store instances over one database (two replicas, each with its own pool) race on the same eight chains
 * through their own {@link ChainAppender}s; the loser of each race gets Conflict with the real head and retries. Afterwards every chain is 1..N with no gap or duplicate, holds exactly the records that were
 * acknowledged, and verifies.
 */
class PostgresReplicaRaceTest {

    private static final int THREADS_PER_REPLICA = 16;
    private static final int EVENTS_PER_THREAD = 150;

    @Test
    void twoReplicasAppendingToTheSameChainsKeepEveryChainWhole() throws Exception {
        TestDatabase db = TestDatabase.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ChainId> chains = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            chains.add(ChainId.of("race", run + "-" + c));
        }
        Map<String, ChainId> acknowledged = new ConcurrentHashMap<>();
        LongAdder conflicts = new LongAdder();
        AppendListener countConflicts = new AppendListener() {
            @Override
            public void conflict(ChainId chain, int attempt) {
                conflicts.increment();
            }
        };
        try (AuditStore a = db.open(); AuditStore b = db.open();
                ChainAppender appenderA = new ChainAppender(a, Clock.systemUTC(), AppendOptions.DEFAULT, countConflicts);
                ChainAppender appenderB = new ChainAppender(b, Clock.systemUTC(), AppendOptions.DEFAULT, countConflicts)) {
            ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_REPLICA);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_REPLICA; t++) {
                int thread = t;
                ChainAppender appender = t % 2 == 0 ? appenderA : appenderB;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < EVENTS_PER_THREAD; i++) {
                        ChainId chain = chains.get((thread + i) % chains.size());
                        AuditEvent event = AuditEvent.builder(chain).kind("llm_call").action("completion")
                                .actor(new Ref("service", "replica-" + (thread % 2))).outcome("ok")
                                .payload(Map.of("thread", thread, "i", i)).build();
                        AuditRecord r;
                        while (true) {
                            try {
                                r = appender.append(event);
                                break;
                            } catch (ChainContentionException e) {
                                // lost every retry to the other replica: nothing was stored; retry as a client does on 429
                            }
                        }
                        assertThat(acknowledged.put(r.id(), chain)).isNull();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();

            long total = 0;
            for (ChainId chain : chains) {
                long n = a.tip(chain).seq();
                total += n;
                Verification v = new ChainVerifier().verify(b, chain);
                assertThat(v.valid()).as("%s verifies: %s", chain, v.reason()).isTrue();
                assertThat(v.recordsChecked()).isEqualTo(n);
            }
            assertThat(total).as("records stored = records acknowledged").isEqualTo(acknowledged.size())
                    .isEqualTo(2L * THREADS_PER_REPLICA * EVENTS_PER_THREAD);
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), "
                            + "bool_and(seq_ok) FROM (SELECT id, seq = row_number() OVER (PARTITION BY tenant ORDER BY seq) "
                            + "AS seq_ok FROM custody.audit_records WHERE namespace = 'race' AND tenant LIKE '" + run
                            + "-%') x")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(acknowledged.size());
                assertThat(rs.getLong(2)).as("no record stored twice").isEqualTo(acknowledged.size());
                assertThat(rs.getBoolean(3)).as("seqs are 1..N in every chain").isTrue();
            }
            Set<String> stored = new HashSet<>();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id::text FROM custody.audit_records WHERE namespace = 'race' "
                            + "AND tenant LIKE '" + run + "-%'")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertThat(stored).as("exactly the acknowledged records are stored").isEqualTo(acknowledged.keySet());
        }
        // Two replicas writing the same chains must have raced at least once, or this test proved nothing.
        assertThat(conflicts.sum()).as("conflicts between the replicas").isPositive();
    }
}
