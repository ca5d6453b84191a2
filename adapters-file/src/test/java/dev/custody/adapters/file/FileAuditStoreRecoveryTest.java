package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileAuditStoreRecoveryTest {

    static final Instant DAY1 = Instant.parse("2026-11-23T10:00:00.000001Z");
    static final Instant DAY2 = Instant.parse("2026-11-24T10:00:00.000001Z");

    @TempDir
    Path dir;

    TestChain chain = TestChain.of("billing", "acme");
    List<AuditRecord> stored = new ArrayList<>();
    Path day1;
    Path day2;
    byte[] day2Before;

    @BeforeEach
    void writeTwoDays() throws IOException {
        try (FileAuditStore store = TestCap.open(dir)) {
            stored.addAll(List.of(chain.nextAt(DAY1), chain.nextAt(DAY1.plusSeconds(1)), chain.nextAt(DAY1.plusSeconds(2))));
            stored.addAll(List.of(chain.nextAt(DAY2), chain.nextAt(DAY2.plusSeconds(1))));
            store.append(chain.chain, ChainTip.GENESIS, stored);
        }
        day1 = dir.resolve("billing/acme/2026-11-23.jsonl");
        day2 = dir.resolve("billing/acme/2026-11-24.jsonl");
        day2Before = Files.readAllBytes(day2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"action\":\"a\",\"actor\":{\"id\":\"u\"",        // half a record, no newline
        "garbage without a newline",
        "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",                  // unwritten block, no newline
        "\0\0\0\0\n",                                       // unwritten block, then a newline
        "[6]\n",                                           // JSON, but not an object
        "not json\n\0\0\n{\"half",                          // several bad lines and a torn one
        "not json\n"
    })
    void firstUse_cutsATornTailAndCountsIt(String tail) throws IOException {
        Files.write(day2, tail.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(Files.size(day2)).as("opening the store reads no chain").isGreaterThan(day2Before.length);
            assertThat(store.repairedTails()).isZero();
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(stored.get(4)));
            assertThat(store.repairedTails()).isEqualTo(1);
            assertThat(Files.readAllBytes(day2)).isEqualTo(day2Before);
            assertThat(store.readRange(chain.chain, 1, 5)).containsExactlyElementsOf(stored);
            assertAppendContinues(store);
        }
        try (FileAuditStore again = TestCap.open(dir)) {
            assertThat(again.tip(chain.chain).seq()).isEqualTo(6);
            assertThat(again.repairedTails()).isZero();
        }
    }

    @Test
    void firstUse_dropsARecordLineThatHoldsNulBytes() throws IOException {
        String next = TestChain.after(chain.chain, chain.tip()).nextAt(DAY2.plusSeconds(5)).json();
        String withNul = next.substring(0, 40) + "\0\0\0\0" + next.substring(44);
        Files.writeString(day2, withNul + "\n", StandardOpenOption.APPEND);

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(stored.get(4)));
            assertThat(store.repairedTails()).isEqualTo(1);
            assertThat(Files.readAllBytes(day2)).isEqualTo(day2Before);
        }
    }

    @Test
    void firstUse_keepsCompleteRecordsBeforeATornOne() throws IOException {
        AuditRecord complete = chain.nextAt(DAY2.plusSeconds(5));
        String torn = chain.nextAt(DAY2.plusSeconds(6)).json().substring(0, 50);
        Files.writeString(day2, complete.json() + "\n" + torn, StandardOpenOption.APPEND);

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(complete));
            assertThat(store.repairedTails()).isEqualTo(1);
        }
    }

    @Test
    void firstUse_fallsBackToThePreviousDayWhenTheNewestFileHoldsNoRecord() throws IOException {
        Files.writeString(day2, "{\"half");

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(stored.get(2)));
            assertThat(store.repairedTails()).isEqualTo(1);
            assertThat(Files.exists(day2)).isFalse();
            assertThat(store.readRange(chain.chain, 1, 10)).containsExactlyElementsOf(stored.subList(0, 3));
            TestChain again = TestChain.after(chain.chain, ChainTip.of(stored.get(2)));
            List<AuditRecord> redo = List.of(again.nextAt(DAY2), again.nextAt(DAY2.plusSeconds(1)));
            assertThat(store.append(chain.chain, ChainTip.of(stored.get(2)), redo))
                    .isInstanceOf(AppendResult.Appended.class);
            assertThat(store.readRange(chain.chain, 3, 5)).extracting(AuditRecord::seq).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void open_dropsAnEmptyNewestFile() throws IOException {
        Files.write(day2, new byte[0]);

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.repairedTails()).isZero();
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(stored.get(2)));
            assertThat(Files.exists(day2)).isFalse();
        }
    }

    @Test
    void firstUse_forgetsAChainWhoseOnlyLinesAreTorn() throws IOException {
        Files.delete(day2);
        Files.writeString(day1, "\0\0\0\0\0\0");

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.chains()).as("listed from its directory until its first use").containsExactly(chain.chain);
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.GENESIS);
            assertThat(store.chains()).isEmpty();
            TestChain fresh = TestChain.of("billing", "acme");
            assertThat(store.append(chain.chain, ChainTip.GENESIS, fresh.next(1)))
                    .isInstanceOf(AppendResult.Appended.class);
        }
    }

    @Test
    void open_refusesToCutMoreThanATornWriteCouldLeave_andOnlyThatChainIsUnreadable() throws IOException {
        Files.writeString(day2, "not json\n".repeat(TailRepair.MAX_DROPPED_LINES + 1), StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(day2);
        TestChain other = TestChain.of("billing", "globex");

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThatThrownBy(() -> store.tip(chain.chain)).isInstanceOf(ChainUnreadableException.class)
                    .hasMessageContaining(day2.toString()).hasMessageContaining("not a torn write");
            assertThat(store.chains()).containsExactly(chain.chain);
            assertThat(store.append(other.chain, ChainTip.GENESIS, other.next(1))).isInstanceOf(AppendResult.Appended.class);
        }
        assertThat(Files.readAllBytes(day2)).isEqualTo(before);
        try (FileAuditStore again = TestCap.open(dir)) {
            assertThatThrownBy(() -> again.tip(chain.chain)).hasMessageContaining("not a torn write");
            assertThat(again.tip(other.chain)).isEqualTo(other.tip());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"seq\":6}", "{\"seq\":6,\"id\":1}", "{}", "{\"x\":[1,{\"y\":null}]}"})
    void open_keepsACompleteJsonLineThatIsNotARecord_andFailsOnlyThatChainNamingFileAndLine(String line) throws IOException {
        TestChain other = TestChain.of("billing", "globex");
        try (FileAuditStore store = TestCap.open(dir)) {
            store.append(other.chain, ChainTip.GENESIS, other.next(2));
        }
        Files.writeString(day2, line + "\n", StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(day2);
        boolean seqKnown = line.startsWith("{\"seq\":6");

        for (int open = 0; open < 2; open++) {
            try (FileAuditStore store = TestCap.open(dir)) {
                assertThat(store.repairedTails()).isZero();
                assertThat(Files.readAllBytes(day2)).as("a complete line is never cut").isEqualTo(before);
                assertThatThrownBy(() -> store.tip(chain.chain)).isInstanceOf(ChainUnreadableException.class)
                        .hasMessageContaining(day2 + " line 3")
                        .satisfies(e -> assertThat(((ChainUnreadableException) e).seq()).isEqualTo(seqKnown ? 6 : 0));
                List<AuditRecord> more = TestChain.after(chain.chain, ChainTip.of(stored.get(4))).next(1);
                assertThatThrownBy(() -> store.append(chain.chain, ChainTip.of(stored.get(4)), more))
                        .isInstanceOf(ChainUnreadableException.class).hasMessageContaining("append to chain billing/acme");
                assertThatThrownBy(() -> store.purgeBefore(chain.chain, 3)).isInstanceOf(ChainUnreadableException.class);
                if (seqKnown) {
                    assertThat(store.readRange(chain.chain, 1, 5)).containsExactlyElementsOf(stored);
                    assertThatThrownBy(() -> store.readRange(chain.chain, 1, 6)).isInstanceOf(ChainUnreadableException.class)
                            .hasMessageContaining(day2 + " line 3");
                } else {
                    assertThatThrownBy(() -> store.readRange(chain.chain, 1, 5)).isInstanceOf(ChainUnreadableException.class);
                }
                assertThat(store.chains()).containsExactly(chain.chain, other.chain);
                assertThat(store.findById(stored.get(0).id()).isPresent()).isEqualTo(seqKnown);
                assertThat(store.tip(other.chain)).isEqualTo(other.tip());
                assertThat(store.findById(store.readRange(other.chain, 1, 1).get(0).id())).isPresent();
                assertThat(store.append(other.chain, other.tip(), other.next(1))).isInstanceOf(AppendResult.Appended.class);
            }
        }
    }

    @Test
    void open_keepsANewestRecordWhoseMemberNameIsLongerThanJacksonsDefaultLimit() throws IOException {
        String name = "k".repeat(50_001);
        AuditRecord poisoned = TestChain.after(chain.chain, ChainTip.of(stored.get(4)))
                .nextWithPayload("{\"" + name + "\":\"" + "v".repeat(60_000) + "\"}");
        try (FileAuditStore store = TestCap.open(dir)) {
            store.append(chain.chain, ChainTip.of(stored.get(4)), List.of(poisoned));
        }
        byte[] before = Files.readAllBytes(day2);

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.repairedTails()).isZero();
            assertThat(Files.readAllBytes(day2)).isEqualTo(before);
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(poisoned));
            assertThat(store.readRange(chain.chain, 6, 6)).containsExactly(poisoned);
            assertThat(store.findById(poisoned.id())).contains(poisoned);
        }
    }

    @Test
    void open_ignoresEntriesThatAreNotChainsOrDayFiles() throws IOException {
        Files.createDirectories(dir.resolve("Not A Namespace/acme"));
        Files.writeString(dir.resolve("README"), "hello");
        Files.writeString(dir.resolve("billing/acme/notes.txt"), "hello");

        try (FileAuditStore store = TestCap.open(dir)) {
            assertThat(store.chains()).containsExactly(chain.chain);
            assertThat(store.readRange(chain.chain, 1, 5)).containsExactlyElementsOf(stored);
        }
    }

    private void assertAppendContinues(FileAuditStore store) {
        TestChain more = TestChain.after(chain.chain, ChainTip.of(stored.get(4)));
        AuditRecord r6 = more.nextAt(DAY2.plusSeconds(10));
        assertThat(store.append(chain.chain, ChainTip.of(stored.get(4)), List.of(r6)))
                .isEqualTo(new AppendResult.Appended(ChainTip.of(r6)));
        assertThat(store.readRange(chain.chain, 5, 6)).containsExactly(stored.get(4), r6);
    }
}
