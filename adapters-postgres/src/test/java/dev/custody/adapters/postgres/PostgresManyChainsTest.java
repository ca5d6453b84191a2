package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The postgres store holds nothing per chain (issue "Many tenants", point 5): thousands of chains written at once use
 * at most {@code pool-size} connections and one transaction-scoped advisory lock per connection, none left behind,
 * and opening the store does no work per chain. These pass on the store as it is; they fail if a per-chain
 * connection, a session-level lock or a scan of every chain at start creeps in.
 */
class PostgresManyChainsTest {

    private static final int POOL = 4;
    private static final int WRITERS = 16;
    private static final int CHAINS = 3_000;

    private final RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());

    @Test
    void thousandsOfChainsAtOnce_useAtMostPoolSizeConnections_andLeaveNoAdvisoryLockBehind() throws Exception {
        TestDatabase db = TestDatabase.shared();
        String run = "many_" + UUID.randomUUID().toString().substring(0, 8);
        String app = "custody-test-" + run;
        AtomicLong maxConnections = new AtomicLong();
        AtomicLong maxLocks = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (AuditStore store = db.open(Map.of("schema", run, "pool-size", Integer.toString(POOL),
                "url", db.url + "?ApplicationName=" + app));
             Connection watch = db.connect()) {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            Future<?> sampler = pool.submit(() -> {
                while (writing.get()) {
                    maxConnections.accumulateAndGet(count(watch, "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", app), Math::max);
                    maxLocks.accumulateAndGet(count(watch, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                            + "WHERE a.application_name = ? AND l.locktype = 'advisory'", app), Math::max);
                    Thread.sleep(5);
                }
                return null;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int k = writer; k < CHAINS; k += WRITERS) {
                        ChainId chain = ChainId.of("many", "t" + k);
                        if (k % 2 == 0) {
                            ChainTip tip = store.tip(chain);
                            assertThat(store.append(chain, tip, records(chain, tip))).isInstanceOf(AppendResult.Appended.class);
                        } else {
                            assertThat(store.appendSerialized(chain, tip -> records(chain, tip))).hasSize(2);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            sampler.get(1, TimeUnit.MINUTES);
            pool.shutdown();

            assertThat(maxConnections.get()).as("connections of the store while %d writers wrote %d chains", WRITERS, CHAINS)
                    .isPositive().isLessThanOrEqualTo(POOL);
            assertThat(maxLocks.get()).as("advisory locks held at once: one per transaction at most").isLessThanOrEqualTo(POOL);
            assertThat(count(watch, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                    + "WHERE a.application_name = ? AND l.locktype = 'advisory'", app)).as("advisory locks left").isZero();
            try (Statement s = watch.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), sum(seq) FROM " + run + ".chain_heads")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(CHAINS);
                assertThat(rs.getLong(2)).isEqualTo(2L * CHAINS);
            }
        }
    }

    @Test
    void openingTheStore_readsNoChain_evenWhileEveryChainHeadIsLocked() throws Exception {
        TestDatabase db = TestDatabase.shared();
        String run = "many_" + UUID.randomUUID().toString().substring(0, 8);
        try (AuditStore first = db.open(Map.of("schema", run))) {
            for (int k = 0; k < 200; k++) {
                ChainId chain = ChainId.of("many", "t" + k);
                first.append(chain, ChainTip.GENESIS, records(chain, ChainTip.GENESIS));
            }
        }
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Connection locker = db.connect()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + run + ".chain_heads IN ACCESS EXCLUSIVE MODE");
            }
            // a restart with migrate on (Liquibase) and one with it off: neither may wait for chain_heads
            opensWithoutWaiting(pool, db, run, "true").close();
            try (AuditStore store = opensWithoutWaiting(pool, db, run, "false")) {
                // the lock holds: a read of any chain waits for it, so the opens above read none
                CompletableFuture<ChainTip> tip = CompletableFuture.supplyAsync(() -> store.tip(ChainId.of("many", "t7")), pool);
                Thread.sleep(1_000);
                assertThat(tip).as("a chain read waits for the lock").isNotDone();
                locker.rollback();
                assertThat(tip.get(60, TimeUnit.SECONDS).seq()).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static AuditStore opensWithoutWaiting(ExecutorService pool, TestDatabase db, String schema, String migrate)
            throws Exception {
        Future<AuditStore> opening = pool.submit(() -> db.open(Map.of("schema", schema, "migrate", migrate)));
        try {
            return opening.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("opening the store (migrate " + migrate + ") waited for the locked chain heads", e);
        }
    }

    private List<AuditRecord> records(ChainId chain, ChainTip tip) {
        List<AuditEvent> events = List.of(
                AuditEvent.builder(chain).kind("decision").action("a").actor("user", "u").outcome("ok").build(),
                AuditEvent.builder(chain).kind("decision").action("b").actor("user", "u").outcome("ok").build());
        return encoder.encodeEvents(tip, events);
    }

    private static long count(Connection c, String sql, String app) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
