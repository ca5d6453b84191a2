package dev.custody.domain.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.custody.domain.MovableClock;
import dev.custody.domain.chain.AppendListener;
import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.chain.ChainVerifier;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool and the spooling appender with many chains, and with the appender's chain state released (ADR 0127). */
class SpoolManyChainsTest {

    private static final SpoolSettings FAST = new SpoolSettings(true, 100_000, 64L << 20, Duration.ofMillis(20));

    @TempDir
    Path dir;
    private final FlakyStore store = new FlakyStore();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final ChainAppender chains = new ChainAppender(store, clock, AppendOptions.DEFAULT, AppendListener.NONE);
    private SpoolingAppender spooling;

    @AfterEach
    void close() {
        if (spooling != null) {
            spooling.close();
        }
        chains.close();
    }

    private SpoolingAppender open() {
        spooling = new SpoolingAppender(chains, store, FAST, dir.resolve("spool"), clock, SpoolListener.NONE);
        return spooling;
    }

    private static AuditEvent event(ChainId chain, int i) {
        return AuditEvent.builder(chain).kind("access").action("read").actor("user", "u-" + i).outcome("success")
                .payload(java.util.Map.of("i", i)).build();
    }

    private static long openFiles() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    private void awaitDrained(SpoolingAppender a) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((a.status().degraded() || !a.status().chains().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(a.status().degraded()).as("still degraded: %s events", a.status().events()).isFalse();
        assertThat(a.status().chains()).as("chain spools left").isEmpty();
    }

    /**
     * An outage while 1,000 chains are written: each chain's spool file is opened for its append and closed after
     * it, so the spool holds no file open (it held one per chain until the chain drained); then all of it drains,
     * and the spool forgets every chain.
     */
    @Test
    void anOutageAcrossAThousandChains_holdsNoSpoolFileOpen_andAllOfItDrains() throws Exception {
        SpoolingAppender a = open();
        store.down = true;
        long before = openFiles();
        List<CompletableFuture<AppendOutcome>> answers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            answers.add(a.appendAsync(List.of(event(ChainId.of("tenants", "t" + i), i))));
        }
        for (CompletableFuture<AppendOutcome> f : answers) {
            assertThat(f.join()).isInstanceOf(AppendOutcome.Spooled.class);
        }
        assertThat(openFiles() - before).as("files held open by the spool of 1,000 chains").isLessThan(50);
        assertThat(a.status().chains()).hasSize(1000);

        store.down = false;
        awaitDrained(a);
        assertThat(a.status().chains()).isEmpty();
        for (int i = 0; i < 1000; i += 37) {
            ChainId chain = ChainId.of("tenants", "t" + i);
            try (Stream<AuditRecord> s = store.delegate.stream(chain)) {
                assertThat(s.toList()).hasSize(1);
            }
        }
        assertThat(store.delegate.chains()).hasSize(1000);
    }

    /**
     * The appender released a chain's state (idle), then an append to it was stored but its answer lost: spooled
     * with no known lower bound (seq 0), the drain finds the stored copy by id and stores nothing twice.
     */
    @Test
    void aLostAnswerAfterTheChainsStateWasReleased_isFoundByTheDrain_notStoredTwice() throws Exception {
        SpoolingAppender a = open();
        ChainId chain = ChainId.of("billing", "quiet");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(((AppendOutcome.Stored) a.appendAsync(List.of(event(chain, i))).join()).records().get(0).id());
        }
        assertThat(chains.knownSeq(chain)).isEqualTo(3);
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (chains.releaseIdle(Duration.ofMinutes(1)) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();   // the writer's thread may still be finishing the last batch
        }
        assertThat(chains.heldChains()).isZero();
        assertThat(chains.knownSeq(chain)).isZero();

        store.lostAcks.set(1);   // stored, but the caller hears "connection reset"
        AppendOutcome o = a.appendAsync(List.of(event(chain, 3))).join();
        assertThat(o).isInstanceOf(AppendOutcome.Spooled.class);
        ids.add(((AppendOutcome.Spooled) o).ids().get(0));
        awaitDrained(a);
        ids.add(((AppendOutcome.Stored) a.appendAsync(List.of(event(chain, 4))).join()).records().get(0).id());
        try (Stream<AuditRecord> s = store.delegate.stream(chain)) {
            assertThat(s.map(AuditRecord::id).toList()).containsExactlyElementsOf(ids);
        }
        assertThat(new ChainVerifier().verify(store.delegate, chain).valid()).isTrue();
    }
}
