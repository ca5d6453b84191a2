package dev.custody.adapters.file;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ChainTip;
import java.util.List;

/**
 * What readers see of a chain: its tip and its day files, published together after each durable
 * append. Readers never read past {@code tip}, so a batch being written is invisible to them.
 *
 * @param tip the newest durable record
 * @param files the day files in seq order (and day order)
 */
record ChainState(ChainTip tip, List<DayFile> files) {

    static final ChainState EMPTY = new ChainState(ChainTip.GENESIS, List.of());

    ChainState {
        requireNonNull(tip, "tip is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
    }

    /** The newest day file, or null when the chain has none. */
    DayFile newest() {
        return files.isEmpty() ? null : files.get(files.size() - 1);
    }

    /** The day files from the one that holds {@code seq} on; earlier files are skipped whole. */
    List<DayFile> filesFrom(long seq) {
        int start = 0;
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).firstSeq() <= seq) {
                start = i;
            } else {
                break;
            }
        }
        return files.subList(start, files.size());
    }
}
