package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import dev.custody.ports.StoreCapability;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link StoreCapability#PURGE_BEFORE_SEQ} (retention): {@code purgeBefore(chain, 40)} on 100
 * records removes exactly seqs 1..39 and says so, reads start at 40 (streams, JSON, queries), the
 * rest still verifies from 40, the tip is unchanged and never removed even when purging beyond it,
 * appending continues at the next seq, other chains are untouched, and (for a durable store) a purge
 * survives a reopen.
 *
 * <p>A store that lists {@code PURGE_BEFORE_SEQ} in {@link #unsupported()} must leave it out of
 * {@code capabilities()} and throw {@link UnsupportedOperationException} from {@code purgeBefore},
 * changing nothing; every test then checks exactly that. A store that keeps {@link RestoredRecords} must
 * answer queries over restored and live rows as one chain (restored first, one cursor, every filter).
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows.
 */
public abstract class PurgeContract extends StoreContract {

    @Test
    public void purgeBefore_removesOlderRecordsAndKeepsTheTip() {
        if (refusedAsUnsupported()) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 100);
        ChainTip tip = store.tip(chain);

        assertThat(store.purgeBefore(chain, 40)).isEqualTo(39);

        assertThat(store.tip(chain)).isEqualTo(tip);
        assertThat(readAll(chain)).containsExactlyElementsOf(all.subList(39, 100));
        assertThat(store.readRange(chain, 1, 39)).isEmpty();
        assertThat(store.readRange(chain, 30, 45)).containsExactlyElementsOf(all.subList(39, 45));
        try (Stream<String> json = store.streamJson(chain, 1, Long.MAX_VALUE)) {
            assertThat(json.toList()).containsExactlyElementsOf(all.subList(39, 100).stream().map(AuditRecord::json).toList());
        }
        assertThat(store.query(RecordQuery.builder(chain).limit(5).build()).records())
                .containsExactlyElementsOf(all.subList(39, 44));
        assertThat(store.chains()).contains(chain);
        Verification v = new ChainVerifier().verify(store, chain, 40, Long.MAX_VALUE);
        assertThat(v.valid()).as("%s", v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(61);
    }

    @Test
    public void purgeBefore_isIdempotentAndNeverMovesBackwards() {
        if (refusedAsUnsupported()) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 100);

        assertThat(store.purgeBefore(chain, 1)).isZero();
        assertThat(store.purgeBefore(chain, 40)).isEqualTo(39);
        assertThat(store.purgeBefore(chain, 40)).isZero();
        assertThat(store.purgeBefore(chain, 10)).isZero();
        assertThat(store.purgeBefore(chain, 41)).isEqualTo(1);

        assertThat(readAll(chain)).containsExactlyElementsOf(all.subList(40, 100));
    }

    @Test
    public void purgeBefore_beyondTheTipNeverRemovesTheTip() {
        if (refusedAsUnsupported()) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 100);
        ChainTip tip = store.tip(chain);

        assertThat(store.purgeBefore(chain, 1_000)).isEqualTo(99);
        assertThat(store.purgeBefore(chain, Long.MAX_VALUE)).isZero();

        assertThat(store.tip(chain)).isEqualTo(tip);
        assertThat(readAll(chain)).containsExactly(all.get(99));
        assertThat(store.chains()).contains(chain);
    }

    @Test
    public void purgeBefore_thenAppendingContinuesAtTheNextSeq() {
        if (refusedAsUnsupported()) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> kept = new ArrayList<>(appendAll(chain, 100).subList(39, 100));
        store.purgeBefore(chain, 40);

        List<AuditRecord> more = appendAll(chain, 10);
        kept.addAll(more);

        assertThat(more.get(0).seq()).isEqualTo(101);
        assertThat(readAll(chain)).containsExactlyElementsOf(kept);
        assertThat(new ChainVerifier().verify(store, chain, 40, Long.MAX_VALUE).valid()).isTrue();
        assertThat(store.purgeBefore(chain, 1_000)).isEqualTo(70);
        assertThat(readAll(chain)).containsExactly(more.get(9));
        assertThat(appendAll(chain, 1).get(0).seq()).isEqualTo(111);
    }

    @Test
    public void purgeBefore_touchesOnlyItsChain() {
        if (refusedAsUnsupported()) {
            return;
        }
        ChainId chain = newChain();
        ChainId other = newChain();
        appendAll(chain, 20);
        List<AuditRecord> others = appendAll(other, 20);
        ChainId unknown = newChain();

        assertThat(store.purgeBefore(chain, 15)).isEqualTo(14);
        assertThat(store.purgeBefore(unknown, 15)).isZero();

        assertThat(readAll(other)).containsExactlyElementsOf(others);
        assertThat(store.chains()).doesNotContain(unknown);
        assertThat(store.tip(unknown)).isEqualTo(ChainTip.GENESIS);
    }

    @Test
    public void purgeBefore_survivesAReopenOfADurableStore() {
        if (refusedAsUnsupported()) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 50);
        store.purgeBefore(chain, 20);
        if (!supportedOrDeclaredAbsent(StoreCapability.DURABLE)) {
            return;
        }

        reopen();

        assertThat(readAll(chain)).containsExactlyElementsOf(all.subList(19, 50));
        assertThat(store.tip(chain)).isEqualTo(ChainTip.of(all.get(49)));
        assertThat(appendAll(chain, 1).get(0).seq()).isEqualTo(51);
    }

    @Test
    public void restoredRecords_areQueriedBelowTheLiveRows() {
        if (refusedAsUnsupported() || store.restoredRecords().isEmpty()) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 30);
        store.purgeBefore(chain, 13);
        RestoredRecords area = store.restoredRecords().orElseThrow();
        assertThat(area.put(chain, all.subList(0, 12))).isEqualTo(12);
        assertThat(area.put(chain, all.subList(5, 12))).as("restoring again adds nothing").isZero();

        List<AuditRecord> paged = new ArrayList<>();
        RecordQuery page = RecordQuery.builder(chain).limit(5).build();
        while (true) {
            RecordPage p = store.query(page);
            assertThat(p.records()).hasSizeLessThanOrEqualTo(5);
            paged.addAll(p.records());
            if (p.next().isEmpty()) {
                break;
            }
            page = page.after(p.nextAfterSeq());
        }
        assertThat(paged).as("pages of 5 across the restored and live rows").containsExactlyElementsOf(all);
        assertThat(store.query(RecordQuery.builder(chain).limit(12).build()))
                .as("a page that ends exactly at the last restored record").satisfies(p -> {
                    assertThat(p.records()).containsExactlyElementsOf(all.subList(0, 12));
                    assertThat(p.nextAfterSeq()).isEqualTo(12);
                });

        String actor = all.get(3).actor().id();
        List<AuditRecord> byActor = all.stream().filter(r -> r.actor().id().equals(actor)).toList();
        assertThat(store.query(RecordQuery.builder(chain).actorId(actor).limit(RecordQuery.MAX_LIMIT).build()).records())
                .as("a filter applies to restored and live rows alike").containsExactlyElementsOf(byActor);
        assertThat(area.query(RecordQuery.builder(chain).afterSeq(10).build()).records())
                .containsExactlyElementsOf(all.subList(10, 12));
        assertThat(store.query(RecordQuery.builder(newChain()).build()).records()).isEmpty();
    }

    /**
     * When the store lacks {@code PURGE_BEFORE_SEQ}: asserts it is not declared, that
     * {@code purgeBefore} throws {@link UnsupportedOperationException} and that nothing changed; then
     * returns true.
     */
    private boolean refusedAsUnsupported() {
        if (supportedOrDeclaredAbsent(StoreCapability.PURGE_BEFORE_SEQ)) {
            return false;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 10);
        ChainTip tip = store.tip(chain);

        assertThatThrownBy(() -> store.purgeBefore(chain, 5)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> store.purgeBefore(chain, 100)).isInstanceOf(UnsupportedOperationException.class);

        assertThat(store.tip(chain)).isEqualTo(tip);
        assertThat(readAll(chain)).containsExactlyElementsOf(all);
        return true;
    }
}
