package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves the basics of {@link dev.custody.ports.AuditStore}: an empty chain's tip is
 * {@link ChainTip#GENESIS}; appending one record or a batch answers {@link AppendResult.Appended} with
 * the exact new tip (seq, hash and {@code recorded_at} to the microsecond); records read back with
 * byte-identical JSON and equal index fields, optional ones (resource, subject) staying null;
 * {@code chains()} lists exactly the chains that hold records, in order; chains are independent.
 *
 * <p>Subclass it and implement {@link #openStore}:
 * <pre>{@code
 * class FileAppendAndTipTest extends AppendAndTipContract {
 *     protected AuditStore openStore(Path dir) { return new FileAuditStore(dir); }
 * }
 * }</pre>
 */
public abstract class AppendAndTipContract extends StoreContract {

    @Test
    public void tip_ofEmptyChainIsGenesis() {
        ChainTip tip = store.tip(newChain());
        assertThat(tip).isEqualTo(ChainTip.GENESIS);
        assertThat(tip.isGenesis()).isTrue();
    }

    @Test
    public void append_oneRecordAnswersAppendedWithItsTip() {
        ChainId chain = newChain();
        AuditRecord r = records(chain, ChainTip.GENESIS, 1).get(0);

        AppendResult result = store.append(chain, ChainTip.GENESIS, List.of(r));

        assertThat(result).isEqualTo(new AppendResult.Appended(ChainTip.of(r)));
        assertThat(store.tip(chain)).isEqualTo(ChainTip.of(r));
        assertThat(readAll(chain)).containsExactly(r);
    }

    @Test
    public void appendBatch_storesEveryRecordAndAnswersTheLastAsTip() {
        ChainId chain = newChain();
        List<AuditRecord> batch = records(chain, ChainTip.GENESIS, 25);

        AppendResult result = store.append(chain, ChainTip.GENESIS, batch);

        ChainTip last = ChainTip.of(batch.get(24));
        assertThat(result).isEqualTo(new AppendResult.Appended(last));
        assertThat(store.tip(chain)).isEqualTo(last);
        assertThat(readAll(chain)).containsExactlyElementsOf(batch);
    }

    @Test
    public void appendBatch_continuesAfterThePreviousBatch() {
        ChainId chain = newChain();
        List<AuditRecord> all = new ArrayList<>();
        ChainTip tip = ChainTip.GENESIS;
        for (int size : new int[] {1, 7, 1, 30}) {
            List<AuditRecord> batch = records(chain, tip, size);
            tip = appended(chain, tip, batch);
            all.addAll(batch);
            advanceClock(Duration.ofMillis(3));
        }
        assertThat(tip.seq()).isEqualTo(39);
        assertThat(readAll(chain)).extracting(AuditRecord::seq).containsExactlyElementsOf(seqs(1, 39));
        assertThat(readAll(chain)).containsExactlyElementsOf(all);
    }

    @Test
    public void tip_isExactToTheMicrosecond() {
        ChainId chain = newChain();
        ChainTip tip = ChainTip.GENESIS;
        for (int i = 0; i < 5; i++) {
            advanceClock(Duration.ofNanos(1_234_567_000L + i * 1_000L));
            List<AuditRecord> batch = records(chain, tip, 3);
            tip = appended(chain, tip, batch);
            AuditRecord last = batch.get(2);
            ChainTip read = store.tip(chain);
            assertThat(read.seq()).isEqualTo(last.seq());
            assertThat(read.recordHash()).isEqualTo(last.recordHash());
            assertThat(read.recordedAt()).as("recorded_at keeps its microseconds").isEqualTo(last.recordedAt());
            assertThat(read.recordedAt().getNano() % 1_000_000).isNotZero();
        }
    }

    @Test
    public void records_readBackWithIdenticalJsonAndIndex() {
        ChainId chain = newChain();
        List<AuditEvent> events = List.of(
                event(chain, 1).build(),
                event(chain, 2).resource(null).subjectId(null).occurredAt(null).payload(null).build(),
                event(chain, 3).kind("x-custom.kind").action("model.invoke").actor("service", "svc:ranker/v2")
                        .resource("dataset", "ds/2026/03").outcome("error").subjectId("pseudo-4f1c").build(),
                event(chain, 4).kind("access").payload(Payloads.hostile()).build());
        List<AuditRecord> written = records(ChainTip.GENESIS, events);
        appended(chain, ChainTip.GENESIS, written);

        List<AuditRecord> read = readAll(chain);

        assertThat(read).hasSameSizeAs(written);
        for (int i = 0; i < written.size(); i++) {
            AuditRecord w = written.get(i);
            AuditRecord r = read.get(i);
            assertThat(r.json()).as("json of seq %s", w.seq()).isEqualTo(w.json());
            assertThat(r).as("index of seq %s", w.seq()).usingRecursiveComparison().isEqualTo(w);
            assertThat(r).isEqualTo(w);
        }
        assertThat(read.get(1).resource()).as("absent resource stays null").isNull();
        assertThat(read.get(1).subjectId()).as("absent subject stays null").isNull();
    }

    @Test
    public void chains_listsExactlyTheChainsWithRecordsInOrder() {
        ChainId a = newChain();
        ChainId b = newChain();
        ChainId onlyTipRead = newChain();
        ChainId onlyConflicted = newChain();
        appendAll(a, 3);
        appendAll(b, 1);
        store.tip(onlyTipRead);
        ChainTip notThere = new ChainTip(1, "0".repeat(64), Instant.EPOCH);
        assertThat(store.append(onlyConflicted, notThere, records(onlyConflicted, notThere, 1)))
                .isEqualTo(new AppendResult.Conflict(ChainTip.GENESIS));

        Set<ChainId> chains = store.chains();

        assertThat(chains).contains(a, b).doesNotContain(onlyTipRead, onlyConflicted);
        assertThat(new ArrayList<>(chains)).as("chains() iterates in ChainId order").isSorted();
    }

    @Test
    public void chains_areIndependent() {
        ChainId a = newChain();
        ChainId b = newChain();
        List<AuditRecord> inA = new ArrayList<>();
        List<AuditRecord> inB = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inA.addAll(appendAll(a, 5));
            inB.addAll(appendAll(b, 2));
        }
        assertThat(store.tip(a).seq()).isEqualTo(20);
        assertThat(store.tip(b).seq()).isEqualTo(8);
        assertThat(readAll(a)).containsExactlyElementsOf(inA);
        assertThat(readAll(b)).containsExactlyElementsOf(inB);
        assertThat(readAll(b)).allSatisfy(r -> assertThat(r.chain()).isEqualTo(b));
    }

    @Test
    public void chains_withTheSameTenantInOtherNamespacesAreIndependent() {
        ChainId a = newChain();
        ChainId b = ChainId.of(NAMESPACE + "-other", a.tenant());
        ChainId c = ChainId.of(a.tenant(), NAMESPACE);
        List<AuditRecord> inA = appendAll(a, 3);
        List<AuditRecord> inB = appendAll(b, 2);
        List<AuditRecord> inC = appendAll(c, 1);
        assertThat(readAll(a)).containsExactlyElementsOf(inA);
        assertThat(readAll(b)).containsExactlyElementsOf(inB);
        assertThat(readAll(c)).containsExactlyElementsOf(inC);
        assertThat(store.chains()).contains(a, b, c);
    }

    static List<Long> seqs(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
