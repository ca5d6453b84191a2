package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Purge across several day files, on disk, and what startup makes of a purge a crash interrupted ({@code
 * PurgeContract} proves the rest, verification included, on one day file).
 */
class FileAuditStorePurgeTest {

    static final Instant DAY1 = Instant.parse("2026-11-23T10:00:00.000001Z");

    @TempDir
    Path dir;

    TestChain chain = TestChain.of("billing", "acme");
    List<AuditRecord> stored = new ArrayList<>();
    Path[] days = new Path[3];
    byte[][] before = new byte[3][];

    /** Three day files of four records each: seqs 1..4, 5..8, 9..12. */
    @BeforeEach
    void writeThreeDays() throws IOException {
        try (FileAuditStore store = TestCap.open(dir)) {
            for (int d = 0; d < 3; d++) {
                ChainTip expected = chain.tip();
                List<AuditRecord> day = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    day.add(chain.nextAt(DAY1.plusSeconds(86_400L * d + i)));
                }
                store.append(chain.chain, expected, day);
                stored.addAll(day);
            }
        }
        for (int d = 0; d < 3; d++) {
            days[d] = dir.resolve("billing/acme/2026-11-2" + (3 + d) + ".jsonl");
            before[d] = Files.readAllBytes(days[d]);
        }
    }

    @Test
    void purge_deletesWholeFilesAndKeepsTheStraddlingLinesByteForByte() throws IOException {
        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.purgeBefore(chain.chain, 7)).isEqualTo(6);

            assertThat(days[0]).doesNotExist();
            assertThat(Files.readAllBytes(days[1])).isEqualTo(lines(before[1], 2));
            assertThat(Files.readAllBytes(days[2])).isEqualTo(before[2]);
            assertThat(tempFiles()).isEmpty();
            assertThat(store.readRange(chain.chain, 1, 100)).containsExactlyElementsOf(stored.subList(6, 12));
            assertThat(store.findById(stored.get(5).id())).isEmpty();
            assertThat(store.findById(stored.get(6).id())).contains(stored.get(6));
        }
        try (FileAuditStore reopened = TestCap.open(dir)) {
            assertThat(reopened.repairedTails()).isZero();
            assertThat(reopened.tip(chain.chain)).isEqualTo(ChainTip.of(stored.get(11)));
            assertThat(reopened.readRange(chain.chain, 1, 100)).containsExactlyElementsOf(stored.subList(6, 12));
            assertThat(reopened.purgeBefore(chain.chain, 9)).isEqualTo(2);
            assertThat(days[1]).doesNotExist();
            assertThat(reopened.readRange(chain.chain, 1, 100)).containsExactlyElementsOf(stored.subList(8, 12));
        }
    }

    @Test
    void purge_ofTheNewestFileReopensItsAppendChannel() throws IOException {
        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.purgeBefore(chain.chain, 11)).isEqualTo(10);
            assertThat(Files.readAllBytes(days[2])).isEqualTo(lines(before[2], 2));

            AuditRecord next = chain.nextAt(DAY1.plusSeconds(2 * 86_400L + 60));
            assertThat(store.append(chain.chain, ChainTip.of(stored.get(11)), List.of(next)))
                    .isEqualTo(new AppendResult.Appended(ChainTip.of(next)));
            assertThat(store.readRange(chain.chain, 1, 100)).containsExactly(stored.get(10), stored.get(11), next);
            assertThat(Files.readAllLines(days[2], StandardCharsets.UTF_8)).hasSize(3).last().isEqualTo(next.json());
        }
        try (FileAuditStore reopened = TestCap.open(dir)) {
            assertThat(reopened.readRange(chain.chain, 1, 100)).extracting(AuditRecord::seq).containsExactly(11L, 12L, 13L);
        }
    }

    @Test
    void firstUse_afterACrashBeforeTheRename_removesTheTemporaryFileAndLosesNothing() throws IOException {
        Path temp = StorePaths.purgeTemp(days[1]);
        byte[] kept = lines(before[1], 2);
        Files.write(temp, Arrays.copyOf(kept, kept.length / 2));

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(temp).as("opening the store reads no chain").exists();
            assertThat(store.readRange(chain.chain, 1, 100)).containsExactlyElementsOf(stored);
            assertThat(temp).doesNotExist();
            assertThat(Files.readAllBytes(days[1])).isEqualTo(before[1]);
            assertThat(store.purgeBefore(chain.chain, 7)).as("the purge repeats").isEqualTo(6);
            assertThat(store.readRange(chain.chain, 1, 100)).containsExactlyElementsOf(stored.subList(6, 12));
        }
    }

    @Test
    void firstUse_afterACrashBetweenDeletingWholeFilesAndTheRewrite_startsAtTheOldestFileLeft() throws IOException {
        Files.delete(days[0]);
        Files.write(StorePaths.purgeTemp(days[1]), lines(before[1], 2));

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(stored.get(11)));
            assertThat(tempFiles()).isEmpty();
            assertThat(store.readRange(chain.chain, 1, 100)).containsExactlyElementsOf(stored.subList(4, 12));
            assertThat(store.query(RecordQuery.builder(chain.chain).limit(2).build()).records())
                    .containsExactlyElementsOf(stored.subList(4, 6));
        }
    }

    @Test
    void purge_ofAClosedStoreFails_andChangesNothing() throws IOException {
        FileAuditStore store = TestCap.open(dir);
        store.close();

        assertThatThrownBy(() -> store.purgeBefore(chain.chain, 7)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("closed");
        for (int d = 0; d < 3; d++) {
            assertThat(Files.readAllBytes(days[d])).isEqualTo(before[d]);
        }
    }

    /** The bytes of {@code file} from its line {@code skip} (0-based) on. */
    private static byte[] lines(byte[] file, int skip) {
        int at = 0;
        for (int seen = 0; seen < skip; at++) {
            if (file[at] == '\n') {
                seen++;
            }
        }
        return Arrays.copyOfRange(file, at, file.length);
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("billing/acme"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(StorePaths.PURGE_TEMP)).toList();
        }
    }
}
