package dev.custody.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.ChainId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseIndexTest {

    private static ChainId chain(int i) {
        return ChainId.of("tenants", String.format("t%07d", i));
    }

    /** A million lines: the index keeps at most MAX_BLOCKS block starts, and every chain falls in its own block. */
    @Test
    void aMillionLines_areIndexedInABoundedNumberOfBlocks_andEveryChainFindsItsBlock() {
        SparseIndex.Builder b = new SparseIndex.Builder();
        for (int i = 0; i < 1_000_000; i++) {
            b.line(b.wantsNext() ? chain(i * 2) : null, 100L * i);   // even numbers only: odd ones are absent
        }
        SparseIndex ix = b.build();
        assertThat(ix.blocks()).isLessThanOrEqualTo(SparseIndex.MAX_BLOCKS).isGreaterThan(SparseIndex.MAX_BLOCKS / 2);
        long linesPerBlock = ix.start(1) / 100;
        Random random = new Random(7);
        for (int n = 0; n < 10_000; n++) {
            int line = random.nextInt(1_000_000);
            int block = ix.blockOf(chain(line * 2));
            assertThat(ix.start(block)).isLessThanOrEqualTo(100L * line);
            assertThat(block + 1 == ix.blocks() || ix.start(block + 1) > 100L * line).isTrue();
            assertThat(ix.blockOf(chain(line * 2 + 1))).as("an absent chain falls in the block before it").isEqualTo(block);
        }
        assertThat(ix.blockOf(ChainId.of("a", "first"))).isEqualTo(-1);
        assertThat(linesPerBlock).isGreaterThanOrEqualTo(SparseIndex.MIN_BLOCK_LINES);
    }
}
