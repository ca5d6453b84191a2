package dev.custody.domain.tiering;

import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ChainId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The manifest keys of one chain in an archive, ordered by first seq. */
public final class ArchiveIndex {

    /** A manifest key and the range its name claims. */
    public record Entry(String manifestKey, long firstSeq, long lastSeq) {
        public String segmentKey() {
            return ArchiveLayout.segmentOf(manifestKey);
        }
    }

    private ArchiveIndex() {
    }

    /** Every manifest of {@code chain}, by first seq. */
    public static List<Entry> of(ArchiveStore archive, ChainId chain) {
        List<Entry> out = new ArrayList<>();
        for (ArchiveObject o : archive.list(ArchiveLayout.chainPrefix(chain))) {
            ArchiveLayout.manifestRange(chain, o.key()).ifPresent(r -> out.add(new Entry(o.key(), r[0], r[1])));
        }
        out.sort(Comparator.comparingLong(Entry::firstSeq).thenComparingLong(Entry::lastSeq));
        return out;
    }
}
