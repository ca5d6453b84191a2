package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.ChainVerifier;
import dev.custody.domain.chain.Verification;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link StoreCapability#DURABLE}: after {@code close()} and {@link #openStore} over the same
 * {@code dir}, every chain holds the same records (byte-identical JSON, equal index fields) and the
 * same tip, appending continues at the next seq, and each chain verifies; a second reopen changes
 * nothing. Also that {@code close()} is idempotent, whatever the store's durability.
 *
 * <p>A store that lists {@code DURABLE} in {@link #unsupported()} is checked to leave it out of
 * {@code capabilities()}, which is how a store says that nothing survives a restart.
 *
 * <p>Subclass it and implement {@link #openStore}, as {@link AppendAndTipContract} shows; it must
 * return a new instance over the same data each time it is called.
 */
public abstract class DurabilityContract extends StoreContract {

    @Test
    public void reopen_keepsEveryRecordAndTip() {
        if (!supportedOrDeclaredAbsent(StoreCapability.DURABLE)) {
            return;
        }
        ChainId a = newChain();
        ChainId b = newChain();
        List<AuditRecord> inA = appendAll(a, 250, 40);
        List<AuditRecord> inB = new ArrayList<>(appendAll(b, 1));
        List<AuditRecord> hostile = records(store.tip(b), List.of(event(b, 9).payload(Payloads.hostile()).build()));
        appended(b, store.tip(b), hostile);
        inB.addAll(hostile);
        ChainTip tipA = store.tip(a);
        ChainTip tipB = store.tip(b);

        reopen();

        assertThat(store.tip(a)).isEqualTo(tipA);
        assertThat(store.tip(b)).isEqualTo(tipB);
        assertThat(readAll(a)).containsExactlyElementsOf(inA);
        assertThat(readAll(b)).containsExactlyElementsOf(inB);
        assertThat(jsonOf(b)).containsExactlyElementsOf(inB.stream().map(AuditRecord::json).toList());
        assertThat(store.chains()).contains(a, b);
    }

    @Test
    public void reopen_appendingContinuesAtTheNextSeq() {
        if (!supportedOrDeclaredAbsent(StoreCapability.DURABLE)) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = new ArrayList<>(appendAll(chain, 30));

        reopen();
        all.addAll(appendAll(chain, 5));
        reopen();
        all.addAll(appendAll(chain, 1));
        reopen();

        assertThat(store.tip(chain).seq()).isEqualTo(36);
        assertThat(readAll(chain)).containsExactlyElementsOf(all);
        Verification v = new ChainVerifier().verify(store, chain);
        assertThat(v.valid()).as("%s", v.reason()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(36);
    }

    @Test
    public void reopen_withoutWritesChangesNothing() {
        if (!supportedOrDeclaredAbsent(StoreCapability.DURABLE)) {
            return;
        }
        ChainId chain = newChain();
        List<AuditRecord> all = appendAll(chain, 12);
        ChainId empty = newChain();
        store.tip(empty);

        reopen();
        reopen();

        assertThat(readAll(chain)).containsExactlyElementsOf(all);
        assertThat(store.tip(empty)).isEqualTo(ChainTip.GENESIS);
        assertThat(store.chains()).contains(chain).doesNotContain(empty);
    }

    @Test
    public void close_isIdempotent() {
        ChainId chain = newChain();
        appendAll(chain, 3);
        store.close();
        store.close();
        closeStore();

        reopen();

        if (supports(StoreCapability.DURABLE)) {
            assertThat(store.tip(chain).seq()).isEqualTo(3);
        }
        assertThat(appendAll(chain, 1)).hasSize(1);
    }
}
