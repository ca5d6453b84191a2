package dev.custody.domain.memory;

import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.CustodyRange;
import java.util.ArrayList;
import java.util.List;

/** The memory store's custody log: a list per process. */
final class MemoryCustodyLog implements CustodyLog {

    private final List<CustodyRange> rows = new ArrayList<>();

    @Override
    public synchronized boolean append(CustodyRange range) {
        for (CustodyRange r : rows) {
            if (r.chain().equals(range.chain()) && r.stage() == range.stage() && r.hash().equals(range.hash())) {
                return false;
            }
        }
        return rows.add(range);
    }

    @Override
    public synchronized List<CustodyRange> ranges(ChainId chain) {
        return rows.stream().filter(r -> r.chain().equals(chain)).toList();
    }
}
