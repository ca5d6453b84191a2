package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.Ref;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A serialised append holds the chain's lock from its grant to its commit, and every other replica writing the chain
 * waits that long: the lock and the head go in one round trip, the insert and the commit in another (ADR 0123). A
 * plain append that moves the head first costs a re-read under the same lock, never the lock.
 */
class PostgresSerialisedAppendTest {

    private final TestDatabase db = TestDatabase.shared();
    private final RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());

    @Test
    void aSerialisedAppendTakesTwoRoundTrips_theLockWithTheHead_thenTheInsertWithTheCommit() throws Exception {
        ChainId chain = ChainId.of("serialised", UUID.randomUUID().toString());
        try (RoundTripCounter counter = RoundTripCounter.start(TestDatabase.SERVER);
                AuditStore store = db.open(Map.of("url", "jdbc:postgresql://127.0.0.1:" + counter.port() + "/" + db.name,
                        "pool-size", "1"))) {
            store.appendSerialized(chain, tip -> records(chain, tip, 3));   // a first record and warm statements
            long fewest = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {   // the fewest of three: the pool may check a connection idle for long
                long before = counter.roundTrips();
                assertThat(store.appendSerialized(chain, tip -> records(chain, tip, 3))).hasSize(3);
                fewest = Math.min(fewest, counter.roundTrips() - before);
            }
            assertThat(fewest).as("round trips of one serialised append").isEqualTo(2);
            assertThat(store.tip(chain).seq()).isEqualTo(12);
            assertThat(new ChainVerifier().verify(store, chain).valid()).isTrue();
        }
    }

    @Test
    void aSerialisedAppendThatLosesToAPlainOne_appendsOnTheNewHead_stillHoldingTheLock() throws Exception {
        ChainId chain = ChainId.of("serialised", UUID.randomUUID().toString());
        List<ChainTip> seen = new ArrayList<>();
        List<Boolean> lockFree = new ArrayList<>();
        try (AuditStore store = db.open(); AuditStore replica = db.open(); Connection other = db.connect()) {
            store.appendSerialized(chain, tip -> records(chain, tip, 2));
            List<AuditRecord> stored = store.appendSerialized(chain, tip -> {
                seen.add(tip);
                lockFree.add(tryLock(other, chain));
                if (seen.size() == 1) {   // another replica's plain append, which takes no lock, moves the head first
                    assertThat(replica.append(chain, tip, records(chain, tip, 1))).isInstanceOf(AppendResult.Appended.class);
                }
                return records(chain, tip, 2);
            });
            assertThat(seen).extracting(ChainTip::seq).containsExactly(2L, 3L);
            assertThat(lockFree).as("the lock was held at each encode").containsExactly(false, false);
            assertThat(stored).extracting(AuditRecord::seq).containsExactly(4L, 5L);
            assertThat(tryLock(other, chain)).as("released with the commit").isTrue();
            assertThat(store.tip(chain).seq()).isEqualTo(5);
            assertThat(new ChainVerifier().verify(store, chain).valid()).isTrue();
        }
    }

    /** Whether another session could take the chain's lock now (released again at once). */
    private static boolean tryLock(Connection c, ChainId chain) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))")) {
            ps.setString(1, "custody-append:custody:" + chain);
            try (ResultSet rs = ps.executeQuery()) {   // auto-commit: released when the statement ends
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<AuditRecord> records(ChainId chain, ChainTip tip, int n) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            events.add(AuditEvent.builder(chain).kind("llm_call").action("completion").actor(new Ref("service", "replica"))
                    .outcome("ok").payload(Map.of("seq", tip.seq() + i)).build());
        }
        return encoder.encodeEvents(tip, events);
    }
}
