package dev.custody.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.MovableClock;
import dev.custody.ports.ChainId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink cursor's stored form (ADR 0128): a sorted snapshot and a log of advances. */
class SinkCursorTest {

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T00:00:00Z"));

    private Path file() {
        return dir.resolve("sinks/siem/cursor");
    }

    private Path log() {
        return dir.resolve("sinks/siem/cursor.log");
    }

    /** What {@code src/test/resources/sink-cursor-v1/README.md} says the fixture holds. */
    private static Map<ChainId, Long> fixtureValues() {
        Map<ChainId, Long> expected = new TreeMap<>();
        String[] namespaces = {"a", "a.b", "a-b", "a_b", "billing", "custody.access", "custody.denied", "hr", "z9"};
        for (int n = 0; n < namespaces.length; n++) {
            for (int t = 0; t < 40; t++) {
                expected.put(ChainId.of(namespaces[n], "tenant-" + t), 1000L * n + t + 1);
            }
        }
        expected.put(ChainId.of("billing", "tenant-7"), 99_999L);
        expected.put(ChainId.of("a", "x"), 9_007_199_254_740_991L);
        return expected;
    }

    private void copyFixture() throws IOException {
        Files.createDirectories(file().getParent());
        try (InputStream in = getClass().getResourceAsStream("/sink-cursor-v1/cursor")) {
            Files.copy(in, file(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aCursorWrittenByVersion1_isConvertedAtOpen_andEveryChainResumesWhereItWas() throws IOException {
        copyFixture();
        assertThat(Files.readAllLines(file()).get(0)).isEqualTo(CursorSnapshot.V1_HEADER);
        Map<ChainId, Long> expected = fixtureValues();
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            expected.forEach((chain, seq) -> assertThat(c.get(chain)).as(chain.toString()).isEqualTo(seq));
            assertThat(c.get(ChainId.of("a", "unknown"))).isZero();
            assertThat(c.get(ChainId.of("zz", "last"))).isZero();
            c.advance(ChainId.of("hr", "tenant-3"), 7_500);
        }
        assertThat(Files.readAllLines(file()).get(0)).isEqualTo(CursorSnapshot.HEADER);
        expected.put(ChainId.of("hr", "tenant-3"), 7_500L);
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            expected.forEach((chain, seq) -> assertThat(c.get(chain)).as(chain.toString()).isEqualTo(seq));
        }
    }

    /** The old form rewrote every chain's line per advance; now an advance appends one line and leaves the snapshot. */
    @Test
    void anAdvanceAppendsOneLine_andLeavesTheSnapshotAsItWas() throws IOException {
        Map<ChainId, Long> many = new TreeMap<>();
        for (int i = 0; i < 20_000; i++) {
            many.put(ChainId.of("tenants", "t" + i), (long) i + 1);
        }
        writeVersion1(many);
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            byte[] snapshot = Files.readAllBytes(file());
            long logBefore = Files.size(log());
            c.advance(ChainId.of("tenants", "t123"), 500);
            assertThat(Files.readAllBytes(file())).as("the snapshot of 20,000 chains is not rewritten").isEqualTo(snapshot);
            assertThat(Files.readString(log()).substring((int) logBefore)).isEqualTo("tenants/t123 500\n");
            assertThat(c.get(ChainId.of("tenants", "t123"))).isEqualTo(500);
            assertThat(c.get(ChainId.of("tenants", "t19999"))).isEqualTo(20_000);
        }
    }

    /**
     * Random advances over 1,500 chains with a small merge threshold, so that the log is merged into the snapshot
     * many times: every lookup agrees with a plain map, during the run and after reopening; the log stays below its
     * merge threshold, the snapshot holds every chain.
     */
    @Test
    void advancesMergedIntoTheSnapshotAsTheLogGrows_agreeWithAPlainMap() throws IOException {
        Map<ChainId, Long> expected = new TreeMap<>();
        Random random = new Random(22);
        long threshold = 2048;
        try (SinkCursor c = SinkCursor.open(file(), clock, threshold)) {
            for (int i = 0; i < 3_000; i++) {
                ChainId chain = ChainId.of(random.nextBoolean() ? "a.b" : "a", "t" + random.nextInt(1_500));
                long seq = expected.getOrDefault(chain, 0L) + 1 + random.nextInt(100);
                c.advance(chain, seq);
                expected.put(chain, seq);
                if (i % 50 == 0) {
                    ChainId probe = ChainId.of("a", "t" + random.nextInt(1_500));
                    assertThat(c.get(probe)).isEqualTo(expected.getOrDefault(probe, 0L));
                }
                assertThat(Files.size(log())).isLessThan(Math.max(threshold, Files.size(file()) / 16) + 64);
            }
            expected.forEach((chain, seq) -> assertThat(c.get(chain)).as(chain.toString()).isEqualTo(seq));
        }
        assertThat(Files.readAllLines(file()).size()).as("merged into the snapshot").isGreaterThan(1_000);
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            expected.forEach((chain, seq) -> assertThat(c.get(chain)).as(chain.toString()).isEqualTo(seq));
        }
    }

    /** A crash after the new snapshot was renamed and before the log was emptied: the log replays to the same state. */
    @Test
    void aLogAlreadyMergedIntoTheSnapshot_replaysToTheSameState() throws IOException {
        ChainId a = ChainId.of("billing", "a");
        ChainId b = ChainId.of("billing", "b");
        byte[] logBeforeMerge;
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            c.advance(a, 5);
            c.advance(b, 3);
            c.advance(a, 9);
            logBeforeMerge = Files.readAllBytes(log());
            clock.now = clock.now.plusSeconds(120);
            assertThat(c.releaseIfIdle(clock.millis() - 60_000)).isEqualTo(2);
        }
        assertThat(Files.size(log())).isZero();
        assertThat(Files.readString(file())).contains("billing/a 9", "billing/b 3");
        Files.write(log(), logBeforeMerge);
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            assertThat(c.get(a)).isEqualTo(9);
            assertThat(c.get(b)).isEqualTo(3);
        }
    }

    @Test
    void aTornLastLogLine_isCutAtOpen_andTheCursorGoesOn() throws IOException {
        ChainId a = ChainId.of("billing", "a");
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            c.advance(a, 5);
        }
        Files.writeString(log(), "billing/b 1", StandardOpenOption.APPEND);   // never acknowledged: no newline
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            assertThat(c.get(a)).isEqualTo(5);
            assertThat(c.get(ChainId.of("billing", "b"))).isZero();
            c.advance(a, 6);
        }
        assertThat(Files.readString(log())).isEqualTo("billing/a 5\nbilling/a 6\n");
    }

    @Test
    void aCorruptLogLineInTheMiddle_refusesToOpen_namingTheFile() throws IOException {
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            c.advance(ChainId.of("billing", "a"), 5);
        }
        Files.writeString(log(), "garbage\nbilling/a 6\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> SinkCursor.open(file(), clock)).hasMessageContaining("Corrupt sink cursor")
                .hasMessageContaining("cursor.log");
    }

    @Test
    void aCursorOfANewerVersion_isRefused() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "# custody sink cursor v3\nbilling/a 1\n");
        assertThatThrownBy(() -> SinkCursor.open(file(), clock)).hasMessageContaining("newer version");
    }

    /**
     * 100,000 chains in the cursor, each looked up once, and 500 advanced: memory holds at most the recent lookups
     * and the advances since the last merge, never every chain, and nothing once the cursor has been idle.
     */
    @Test
    void memoryHoldsABoundedNumberOfChains_andNoneOnceIdle() throws IOException {
        Map<ChainId, Long> many = new TreeMap<>();
        for (int i = 0; i < 100_000; i++) {
            many.put(ChainId.of("tenants", "t" + i), (long) i + 1);
        }
        writeVersion1(many);
        try (SinkCursor c = SinkCursor.open(file(), clock)) {
            assertThat(c.heldChains()).as("nothing read at open").isZero();
            for (int i = 0; i < 100_000; i++) {
                assertThat(c.get(ChainId.of("tenants", "t" + i))).isEqualTo(i + 1);
                assertThat(c.heldChains()).isLessThanOrEqualTo(SinkCursor.CACHE);
            }
            for (int i = 0; i < 500; i++) {
                c.advance(ChainId.of("tenants", "t" + i), 200_000 + i);
            }
            assertThat(c.heldChains()).isLessThanOrEqualTo(SinkCursor.CACHE + 500);
            assertThat(c.releaseIfIdle(clock.millis() - 60_000)).as("used just now").isZero();
            clock.now = clock.now.plusSeconds(60);
            c.releaseIfIdle(clock.millis() - 60_000);
            assertThat(c.heldChains()).isZero();
            assertThat(c.get(ChainId.of("tenants", "t499"))).isEqualTo(200_499);
            assertThat(c.get(ChainId.of("tenants", "t500"))).isEqualTo(501);
        }
    }

    private void writeVersion1(Map<ChainId, Long> values) throws IOException {
        Files.createDirectories(file().getParent());
        List<String> lines = new ArrayList<>();
        lines.add(CursorSnapshot.V1_HEADER);
        values.forEach((chain, seq) -> lines.add(chain + " " + seq));
        Files.write(file(), lines, StandardCharsets.UTF_8);
    }

}
