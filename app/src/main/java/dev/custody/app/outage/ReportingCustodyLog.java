package dev.custody.app.outage;

import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.CustodyRange;
import java.util.List;

/** The store's custody log, its failures reported as those of {@link StoreOperation#CUSTODY_LOG}. */
record ReportingCustodyLog(CustodyLog log, OutageReportingStore store) implements CustodyLog {

    @Override
    public boolean append(CustodyRange range) {
        return store.call(StoreOperation.CUSTODY_LOG, () -> log.append(range));
    }

    @Override
    public List<CustodyRange> ranges(ChainId chain) {
        return store.call(StoreOperation.CUSTODY_LOG, () -> log.ranges(chain));
    }

    @Override
    public List<CustodyRange> covering(ChainId chain, long seq) {
        return store.call(StoreOperation.CUSTODY_LOG, () -> log.covering(chain, seq));
    }
}
