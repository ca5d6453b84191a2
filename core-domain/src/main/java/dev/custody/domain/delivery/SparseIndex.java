package dev.custody.domain.delivery;

import dev.custody.ports.ChainId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first chain of every block of lines of a sorted cursor snapshot, with the block's offset: a lookup reads one
 * block. Blocks hold at least {@value #MIN_BLOCK_LINES} lines and there are at most {@value #MAX_BLOCKS} of them
 * (the block doubles as the file grows), so the index's memory does not grow with the number of chains.
 */
final class SparseIndex {

    static final int MIN_BLOCK_LINES = 32;
    static final int MAX_BLOCKS = 4096;

    private final ChainId[] first;
    private final long[] start;

    private SparseIndex(ChainId[] first, long[] start) {
        this.first = first;
        this.start = start;
    }

    int blocks() {
        return first.length;
    }

    long start(int block) {
        return start[block];
    }

    /** The block whose lines would hold {@code chain}: the last one starting at or before it; -1 when none does. */
    int blockOf(ChainId chain) {
        int i = Arrays.binarySearch(first, chain);
        return i >= 0 ? i : -i - 2;
    }

    /** Takes the lines of a snapshot in order and keeps the first of every block. */
    static final class Builder {
        private final List<ChainId> first = new ArrayList<>();
        private final List<Long> start = new ArrayList<>();
        private long blockLines = MIN_BLOCK_LINES;
        private long lines;

        /** Whether the next line starts a block (its chain is needed; others may be given as null). */
        boolean wantsNext() {
            return lines % blockLines == 0;
        }

        void line(ChainId chain, long offset) {
            if (wantsNext()) {
                first.add(chain);
                start.add(offset);
                if (first.size() > MAX_BLOCKS) {
                    halve();
                }
            }
            lines++;
        }

        /** Keeps every other block start: blocks twice as long. */
        private void halve() {
            for (int i = 0, j = 0; i < first.size(); i += 2, j++) {
                first.set(j, first.get(i));
                start.set(j, start.get(i));
            }
            int kept = (first.size() + 1) / 2;
            first.subList(kept, first.size()).clear();
            start.subList(kept, start.size()).clear();
            blockLines *= 2;
        }

        SparseIndex build() {
            return new SparseIndex(first.toArray(ChainId[]::new), start.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
