package dev.custody.app.testing;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.StoreUnavailableException;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Backend {@code test-unavailable}: a system of record that cannot be reached; every operation throws. */
public final class UnavailableAuditStoreProvider implements AuditStoreProvider {

    @Override
    public String name() {
        return "test-unavailable";
    }

    @Override
    public AuditStore create(ProviderConfig config, ProviderContext context) {
        return new Unavailable();
    }

    static final class Unavailable implements AuditStore {
        private static StoreUnavailableException down(String op) {
            return new StoreUnavailableException(op + ": connection refused (test-unavailable backend)");
        }

        @Override
        public Set<StoreCapability> capabilities() {
            throw down("capabilities");
        }

        @Override
        public ChainTip tip(ChainId chain) {
            throw down("tip of " + chain);
        }

        @Override
        public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
            throw down("append to " + chain);
        }

        @Override
        public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
            throw down("stream " + chain);
        }

        @Override
        public RecordPage query(RecordQuery query) {
            throw down("query " + query.chain());
        }

        @Override
        public Set<ChainId> chains() {
            throw down("list chains");
        }

        @Override
        public void close() {
            // nothing was opened
        }
    }
}
