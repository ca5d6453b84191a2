package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.AppendListener;
import dev.custody.ports.ChainId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pace on a clock the test moves: while appends arrive, each piece of archival work is followed by a wait that
 * keeps archival to its share of the time; without appends (or once they stopped for {@code quiet-after}) there is
 * no wait; a rate cap holds either way.
 */
class ArchivalPaceTest {

    private static final ChainId CHAIN = ChainId.of("bank", "acme");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> waits = new ArrayList<>();
    private final LiveTraffic traffic = new LiveTraffic(AppendListener.NONE, now::get);

    private ArchivalPace pace(double share, long maxRecordsPerSecond) {
        return new ArchivalPace(new ArchivalPace.Settings(share, Duration.ofSeconds(2), maxRecordsPerSecond, 5_000), traffic,
                now::get, d -> {
                    waits.add(d);
                    now.addAndGet(d.toNanos());
                });
    }

    private void work(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    @Test
    void whileAppendsArrive_eachPieceIsFollowedByAWait_thatKeepsArchivalToItsShare() {
        ArchivalPace pace = pace(0.25, 0);
        ArchivalPace.Gate gate = pace.gate();
        traffic.batchAppended(CHAIN, 1, 1_000_000);

        work(10);
        gate.passed(1_000);
        work(4);
        gate.passed(1_000);

        assertThat(pace.trafficPresent()).isTrue();
        assertThat(pace.readAhead()).as("one stage at a time while appends arrive").isFalse();
        assertThat(waits).containsExactly(Duration.ofMillis(30), Duration.ofMillis(12));
        assertThat(gate.waited()).isEqualTo(Duration.ofMillis(42));
        ArchivalPace.Gate other = pace.gate();
        work(1);
        other.passed(10);
        assertThat(pace.waited()).as("every gate's waits").isEqualTo(Duration.ofMillis(45));
    }

    @Test
    void withoutAppends_archivalRunsAtFullSpeed_andReadsAhead() {
        ArchivalPace pace = pace(0.25, 0);
        ArchivalPace.Gate gate = pace.gate();

        work(10);
        gate.passed(1_000);

        assertThat(pace.trafficPresent()).isFalse();
        assertThat(pace.readAhead()).isTrue();
        assertThat(waits).isEmpty();
    }

    @Test
    void onceAppendsStopForQuietAfter_fullSpeedAgain() {
        ArchivalPace pace = pace(0.5, 0);
        ArchivalPace.Gate gate = pace.gate();
        traffic.batchAppended(CHAIN, 8, 1_000_000);
        work(1_000);
        gate.passed(1_000);
        assertThat(waits).containsExactly(Duration.ofMillis(1_000));

        work(1_500);   // 2.5 s after the last append, more than quiet-after
        gate.passed(1_000);

        assertThat(pace.trafficPresent()).isFalse();
        assertThat(waits).hasSize(1);
    }

    @Test
    void aConflictIsTrafficToo_aFailedBatchIsNot() {
        ArchivalPace pace = pace(0.25, 0);
        traffic.failed(CHAIN, 3, new IllegalStateException("store down"));
        assertThat(pace.trafficPresent()).isFalse();
        traffic.conflict(CHAIN, 1);
        assertThat(pace.trafficPresent()).isTrue();
    }

    @Test
    void theSignalPassesEveryCallOn() {
        List<String> seen = new ArrayList<>();
        LiveTraffic chained = new LiveTraffic(new AppendListener() {
            @Override
            public void batchAppended(ChainId chain, int events, long nanos) {
                seen.add("appended " + events);
            }

            @Override
            public void conflict(ChainId chain, int attempt) {
                seen.add("conflict " + attempt);
            }

            @Override
            public void failed(ChainId chain, int events, Throwable error) {
                seen.add("failed " + events);
            }
        }, now::get);
        chained.batchAppended(CHAIN, 4, 1);
        chained.conflict(CHAIN, 2);
        chained.failed(CHAIN, 5, new RuntimeException());
        assertThat(seen).containsExactly("appended 4", "conflict 2", "failed 5");
    }

    @Test
    void aShareOfOne_neverWaits_evenWhileAppendsArrive() {
        ArchivalPace pace = pace(1.0, 0);
        ArchivalPace.Gate gate = pace.gate();
        traffic.batchAppended(CHAIN, 1, 1_000_000);
        work(10);
        gate.passed(1_000);
        assertThat(pace.trafficPresent()).isFalse();
        assertThat(waits).isEmpty();
    }

    @Test
    void maxRecordsPerSecond_capsTheRate_withOrWithoutAppends() {
        ArchivalPace pace = pace(1.0, 10_000);
        ArchivalPace.Gate gate = pace.gate();
        work(20);
        gate.passed(1_000);   // 1,000 records may take no less than 100 ms
        work(150);
        gate.passed(1_000);   // slower than the cap already
        gate.passed(0);       // no records, no cap

        assertThat(waits).containsExactly(Duration.ofMillis(80));
    }

    @Test
    void theTimeAGateWaitedForAnotherStage_isNotCountedAsItsWork() {
        ArchivalPace pace = pace(0.25, 0);
        ArchivalPace.Gate gate = pace.gate();
        traffic.batchAppended(CHAIN, 1, 1_000_000);
        work(500);   // waiting for the reader's segment
        gate.startPiece();
        work(2);
        gate.passed(0);
        assertThat(waits).containsExactly(Duration.ofMillis(6));
    }

    @Test
    void badSettings_areRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ArchivalPace.Settings(0, Duration.ofSeconds(2), 0, 5_000))
                .hasMessageContaining("custody.archive.pace.busy-share=0.0");
        assertThatThrownBy(() -> new ArchivalPace.Settings(1.5, Duration.ofSeconds(2), 0, 5_000))
                .hasMessageContaining("custody.archive.pace.busy-share=1.5");
        assertThatThrownBy(() -> new ArchivalPace.Settings(0.5, Duration.ofSeconds(-1), 0, 5_000))
                .hasMessageContaining("custody.archive.pace.quiet-after");
        assertThatThrownBy(() -> new ArchivalPace.Settings(0.5, Duration.ofSeconds(2), -1, 5_000))
                .hasMessageContaining("custody.archive.pace.max-records-per-second=-1");
        assertThatThrownBy(() -> new ArchivalPace.Settings(0.5, Duration.ofSeconds(2), 0, 0))
                .hasMessageContaining("custody.archive.pace.purge-batch=0");
    }
}
