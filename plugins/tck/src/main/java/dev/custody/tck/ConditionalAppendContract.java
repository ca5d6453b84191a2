package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Proves that appends are conditional on the tip ({@link StoreCapability#CONDITIONAL_APPEND}): a batch
 * built on a tip that has moved, or on a tip with the right seq but another hash, answers
 * {@link AppendResult.Conflict} with the actual tip and writes nothing; a tip that differs only in
 * {@code recorded_at} still matches (the Javadoc says "same seq and hash"); of 8 threads racing
 * with the same expected tip exactly one wins and the chain stays contiguous and valid.
 *
 * <p>A store that lists {@code CONDITIONAL_APPEND} in {@link #unsupported()} cannot hold a hash chain
 * safely; each test then only asserts that {@code capabilities()} does not claim it.
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows.
 */
public abstract class ConditionalAppendContract extends StoreContract {

    private static final int RACERS = 8;

    @Test
    public void append_conflictsWhenExpectedSeqIsStale() {
        if (!supportedOrDeclaredAbsent(StoreCapability.CONDITIONAL_APPEND)) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> first = appendAll(chain, 3);
        ChainTip stale = ChainTip.of(first.get(1));
        ChainTip actual = store.tip(chain);

        AppendResult result = store.append(chain, stale, records(chain, stale, 2));

        assertThat(result).isEqualTo(new AppendResult.Conflict(actual));
        assertThat(store.tip(chain)).isEqualTo(actual);
        assertThat(readAll(chain)).containsExactlyElementsOf(first);
    }

    @Test
    public void append_conflictsWhenExpectingGenesisOnAChainWithRecords() {
        if (!supportedOrDeclaredAbsent(StoreCapability.CONDITIONAL_APPEND)) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> first = appendAll(chain, 1);

        AppendResult result = store.append(chain, ChainTip.GENESIS, records(chain, ChainTip.GENESIS, 1));

        assertThat(result).isEqualTo(new AppendResult.Conflict(ChainTip.of(first.get(0))));
        assertThat(readAll(chain)).containsExactlyElementsOf(first);
    }

    @Test
    public void append_conflictsWhenSameSeqHasAnotherHash() {
        if (!supportedOrDeclaredAbsent(StoreCapability.CONDITIONAL_APPEND)) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> first = appendAll(chain, 3);
        ChainTip actual = store.tip(chain);
        ChainTip forged = new ChainTip(actual.seq(), "f".repeat(64), actual.recordedAt());

        AppendResult result = store.append(chain, forged, records(chain, forged, 1));

        assertThat(result).isEqualTo(new AppendResult.Conflict(actual));
        assertThat(readAll(chain)).containsExactlyElementsOf(first);
    }

    @Test
    public void append_conflictsWhenExpectedSeqIsAheadOfTheTip() {
        if (!supportedOrDeclaredAbsent(StoreCapability.CONDITIONAL_APPEND)) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> first = appendAll(chain, 2);
        ChainTip actual = store.tip(chain);
        ChainTip ahead = new ChainTip(actual.seq() + 5, "a".repeat(64), actual.recordedAt());

        AppendResult result = store.append(chain, ahead, records(chain, ahead, 1));

        assertThat(result).isEqualTo(new AppendResult.Conflict(actual));
        assertThat(readAll(chain)).containsExactlyElementsOf(first);
    }

    @Test
    public void append_matchesTheTipBySeqAndHashOnly() {
        if (!supportedOrDeclaredAbsent(StoreCapability.CONDITIONAL_APPEND)) {
            return;
        }
        ChainId chain = newChain();
        appendAll(chain, 2);
        ChainTip actual = store.tip(chain);
        ChainTip sameSeqAndHash = new ChainTip(actual.seq(), actual.recordHash(), Instant.EPOCH);
        List<AuditRecord> batch = records(chain, actual, 1);

        AppendResult result = store.append(chain, sameSeqAndHash, batch);

        assertThat(result).as("AuditStore.append matches the expected tip by seq and hash")
                .isEqualTo(new AppendResult.Appended(ChainTip.of(batch.get(0))));
    }

    @Test
    public void appendBatch_racingWritersWithTheSameTipExactlyOneWins() {
        if (!supportedOrDeclaredAbsent(StoreCapability.CONDITIONAL_APPEND)) {
            return;
        }
        for (int round = 0; round < 5; round++) {
            ChainId chain = newChain();
            List<AuditRecord> before = round % 2 == 0 ? appendAll(chain, 4) : List.of();
            ChainTip expected = store.tip(chain);
            List<List<AuditRecord>> batches = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                batches.add(records(chain, expected, 1 + i % 3));
            }
            List<Integer> winners = new CopyOnWriteArrayList<>();
            ConcurrentHashMap<Integer, AppendResult> results = new ConcurrentHashMap<>();

            runConcurrently(RACERS, Duration.ofMinutes(1), i -> {
                AppendResult r = store.append(chain, expected, batches.get(i));
                results.put(i, r);
                if (r instanceof AppendResult.Appended) {
                    winners.add(i);
                }
            });

            assertThat(winners).as("exactly one of %s racing appends wins", RACERS).hasSize(1);
            List<AuditRecord> won = batches.get(winners.get(0));
            ChainTip winnerTip = ChainTip.of(won.get(won.size() - 1));
            results.forEach((i, r) -> {
                if (i != winners.get(0).intValue()) {
                    assertThat(r).as("racer %s", i).isEqualTo(new AppendResult.Conflict(winnerTip));
                }
            });
            List<AuditRecord> expectedChain = new ArrayList<>(before);
            expectedChain.addAll(won);
            assertThat(store.tip(chain)).isEqualTo(winnerTip);
            assertThat(readAll(chain)).containsExactlyElementsOf(expectedChain);
            assertThat(new ChainVerifier().verify(store, chain).valid()).isTrue();
        }
    }
}
