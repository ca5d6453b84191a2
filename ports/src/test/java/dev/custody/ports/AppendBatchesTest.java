package dev.custody.ports;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendBatchesTest {

    private static final ChainId CHAIN = ChainId.of("n", "t");

    private static AuditRecord record(ChainId chain, long seq, String prev, String hash) {
        return new AuditRecord(chain, seq, "id-" + seq, prev, hash, Instant.EPOCH, "decision", "a",
                new Ref("user", "u"), null, "ok", null, "{}");
    }

    @Test
    void acceptsAContiguousBatchAfterTheTip() {
        assertThatCode(() -> AppendBatches.check(CHAIN, ChainTip.GENESIS,
                List.of(record(CHAIN, 1, "genesis", "h1"), record(CHAIN, 2, "h1", "h2")))).doesNotThrowAnyException();
    }

    @Test
    void rejectsEachBrokenRule() {
        ChainTip tip = new ChainTip(5, "h5", Instant.EPOCH);
        assertThatThrownBy(() -> AppendBatches.check(CHAIN, tip, List.of())).hasMessageContaining("empty");
        assertThatThrownBy(() -> AppendBatches.check(CHAIN, tip, List.of(record(ChainId.of("n", "x"), 6, "h5", "h6"))))
                .hasMessageContaining("belongs to chain n/x");
        assertThatThrownBy(() -> AppendBatches.check(CHAIN, tip, List.of(record(CHAIN, 7, "h5", "h7"))))
                .hasMessageContaining("expected 6");
        assertThatThrownBy(() -> AppendBatches.check(CHAIN, tip, List.of(record(CHAIN, 6, "h4", "h6"))))
                .hasMessageContaining("does not link");
        assertThatThrownBy(() -> AppendBatches.check(CHAIN, tip,
                List.of(record(CHAIN, 6, "h5", "h6"), record(CHAIN, 8, "h6", "h8")))).hasMessageContaining("expected 7");
        assertThatThrownBy(() -> AppendBatches.checkRange(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AppendBatches.checkRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
