package dev.custody.app.testing;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.CustodyLog;
import dev.custody.ports.KeyUsage;
import dev.custody.ports.RecordPage;
import dev.custody.ports.RecordQuery;
import dev.custody.ports.RestoredRecords;
import dev.custody.ports.StoreCapability;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Backend {@code test-failing-file}: the real {@code file} backend (in {@code <custody.home>/records}), registered by
 * name ({@code properties.name}), that fails on demand: while {@link Failing#failWith} holds a failure, every
 * operation throws a new one of it, the way a file store whose opens fail does (a stream fails when read, as the
 * file store opens its day files then). What the file store holds is never touched by a failing call.
 */
public final class FailingFileAuditStoreProvider implements AuditStoreProvider {

    private static final Map<String, Failing> STORES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "test-failing-file";
    }

    @Override
    public AuditStore create(ProviderConfig config, ProviderContext context) {
        String name = config.requireString("name");
        AuditStore file = ProviderRegistry.load(AuditStoreProvider.class, getClass().getClassLoader(), "audit store backend")
                .get("file").create(ProviderConfig.empty(config.fullKey("")), context);
        Failing store = new Failing(file);
        STORES.put(name, store);
        return store;
    }

    /** The store created last under {@code name}. */
    public static Failing store(String name) {
        return STORES.get(name);
    }

    /** The file store, with an off switch that throws what the test chooses. */
    public static final class Failing implements AuditStore {
        /** The real store underneath, for the test to look at what is stored. */
        public final AuditStore file;
        private volatile Function<String, RuntimeException> failure;

        Failing(AuditStore file) {
            this.file = file;
        }

        /** From now on every operation throws {@code failure.apply(operation)}. */
        public void failWith(Function<String, RuntimeException> failure) {
            this.failure = failure;
        }

        /** From now on every operation goes to the file store. */
        public void recover() {
            this.failure = null;
        }

        private void check(String operation) {
            Function<String, RuntimeException> f = failure;
            if (f != null) {
                throw f.apply(operation);
            }
        }

        private <T> T checked(String operation, Supplier<T> call) {
            check(operation);
            return call.get();
        }

        /** Fails when read, not when made: the file store opens a chain's day files as the stream reaches them. */
        private <T> Stream<T> lazily(String operation, Stream<T> source) {
            return StreamSupport.stream(() -> {
                check(operation);
                return source.spliterator();
            }, 0, false).onClose(source::close);
        }

        @Override public Set<StoreCapability> capabilities() { return checked("capabilities", file::capabilities); }
        @Override public ChainTip tip(ChainId chain) { return checked("tip of chain " + chain, () -> file.tip(chain)); }
        @Override public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
            return checked("append to chain " + chain, () -> file.append(chain, expected, batch));
        }
        @Override public List<AuditRecord> appendSerialized(ChainId chain, Function<ChainTip, List<AuditRecord>> encode) {
            return checked("append to chain " + chain, () -> file.appendSerialized(chain, encode));
        }
        @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
            return lazily("stream chain " + chain, file.stream(chain, fromSeq, toSeq));
        }
        @Override public Stream<String> streamJson(ChainId chain, long fromSeq, long toSeq) {
            return lazily("stream chain " + chain, file.streamJson(chain, fromSeq, toSeq));
        }
        @Override public RecordPage query(RecordQuery query) { return checked("query chain " + query.chain(), () -> file.query(query)); }
        @Override public Optional<AuditRecord> findById(String id) { return checked("find a record in", () -> file.findById(id)); }
        @Override public Optional<KeyUsage> keyUsage() { return checked("count keys", file::keyUsage); }
        @Override public Set<ChainId> chains() { return checked("list chains of", file::chains); }
        @Override public long purgeBefore(ChainId chain, long seq) { return checked("purge chain " + chain, () -> file.purgeBefore(chain, seq)); }
        @Override public boolean enforceImmutableAudit(boolean immutable) { return file.enforceImmutableAudit(immutable); }
        @Override public Optional<CustodyLog> custodyLog() { return checked("custody log", file::custodyLog); }
        @Override public Optional<RestoredRecords> restoredRecords() { return checked("restored records", file::restoredRecords); }
        @Override public void close() { file.close(); }
    }
}
