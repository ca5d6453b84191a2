package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AppendOptions;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Archival beside the service's own appends (ADR 0122): the appender's listener is the traffic signal. While it
 * appends, the archiver waits after each piece of work and never reads a segment while it writes another; without
 * appends it never waits. Archived rows leave the system of record in statements of {@code purge-batch} rows. The
 * pace runs on a clock that moves a millisecond each time it is read, so the work has a duration without sleeping.
 */
class ArchivalPacingTest extends TieringFixture {

    private final ChainId archived = ChainId.of("bank", "acme");
    private final ChainId live = ChainId.of("bank", "live");
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final LiveTraffic traffic = new LiveTraffic(dev.custody.domain.chain.AppendListener.NONE, this::tick);
    private final ChainAppender appender = new ChainAppender(store, clock, AppendOptions.DEFAULT, traffic);
    private final List<Long> purges = new CopyOnWriteArrayList<>();
    private final AtomicInteger readsOpen = new AtomicInteger();
    private final AtomicBoolean wroteWhileReading = new AtomicBoolean();
    private final MemoryArchiveStore watched = new MemoryArchiveStore() {
        @Override
        public ArchiveObject put(String key, byte[] content, ArchivePut options) {
            if (readsOpen.get() > 0) {
                wroteWhileReading.set(true);
            }
            return super.put(key, content, options);
        }
    };

    @AfterEach
    void close() {
        appender.close();
    }

    private long tick() {
        return nanos.addAndGet(1_000_000);
    }

    @Test
    void whileTheServiceAppends_archivalWaitsAfterEachPiece_andDoesOneThingAtATime() {
        append(store, archived, 3_000, Duration.ofSeconds(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        appender.append(liveEvent());

        ArchivalReport report = archiver(0.25).archive(archived);

        assertThat(report.recordsArchived()).isEqualTo(2_999);
        assertThat(waits).as("a wait after each piece of work").hasSizeGreaterThanOrEqualTo(3 * (1 + 3));
        assertThat(waits).allSatisfy(w -> assertThat(w).isPositive());
        assertThat(wroteWhileReading).as("no segment read while another is written").isFalse();
        assertThat(purges).as("rows go in statements of at most 400").containsExactly(401L, 801L, 1001L, 1401L, 1801L, 2001L,
                2401L, 2801L, 3000L);
        TieredVerification v = new TieredVerifier(watched, compression).verify(store, archived);
        assertThat(v.valid()).as("%s", v.verification().reason()).isTrue();
        assertThat(v.verification().recordsChecked()).isEqualTo(3_000);
    }

    @Test
    void withoutAppends_archivalNeverWaits() {
        append(store, archived, 3_000, Duration.ofSeconds(1));
        clock.now = clock.now.plus(Duration.ofDays(2));

        ArchivalReport report = archiver(0.25).archive(archived);

        assertThat(report.recordsArchived()).isEqualTo(2_999);
        assertThat(waits).isEmpty();
        assertThat(purges).hasSize(9);
    }

    @Test
    void aShareOfOne_turnsPacingOff_evenWhileTheServiceAppends() {
        append(store, archived, 1_500, Duration.ofSeconds(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        appender.append(liveEvent());

        archiver(1.0).archive(archived);

        assertThat(waits).isEmpty();
    }

    private AuditEvent liveEvent() {
        return AuditEvent.builder(live).kind("decision").action("loan.approve").actor("user", "u").resource("application", "a")
                .outcome("approved").build();
    }

    /** Segments of 1,000 records, purges of 400 rows, appends seen within an hour count as traffic. */
    private Archiver archiver(double share) {
        ArchivalPace pace = new ArchivalPace(new ArchivalPace.Settings(share, Duration.ofHours(1), 0, 400), traffic, this::tick,
                waits::add);
        return new Archiver(observed(store), watched, compression,
                new ArchivalPolicy(Duration.ofDays(1), 1_000, Duration.ZERO, false, "t"), clock, pace);
    }

    /** The store, with every purge recorded and every stream counted as a read in progress until it is closed. */
    private AuditStore observed(AuditStore target) {
        return (AuditStore) Proxy.newProxyInstance(AuditStore.class.getClassLoader(), new Class<?>[] {AuditStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("purgeBefore")) {
                        purges.add((Long) args[1]);
                    }
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("stream") && args[0].equals(archived)) {
                        readsOpen.incrementAndGet();
                        return ((Stream<?>) result).onClose(readsOpen::decrementAndGet);
                    }
                    return result;
                });
    }
}
