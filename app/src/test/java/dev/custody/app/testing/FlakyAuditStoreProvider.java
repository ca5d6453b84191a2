package dev.custody.app.testing;

import dev.custody.domain.memory.MemoryAuditStore;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Backend {@code test-flaky}: a memory store that a test takes down and brings back by name
 * ({@code properties.name}); while down, every call fails as an unreachable database does. A test can also cap
 * its append throughput ({@link Flaky#appendNanosPerEvent}), as a database that writes only so many rows a second, and
 * withhold capabilities ({@code properties.withhold}, comma-separated, e.g. {@code conditional_append}).
 */
public final class FlakyAuditStoreProvider implements AuditStoreProvider {

    private static final Map<String, Flaky> STORES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "test-flaky";
    }

    @Override
    public AuditStore create(ProviderConfig config, ProviderContext context) {
        String name = config.requireString("name");
        Flaky store = STORES.computeIfAbsent(name, n -> new Flaky());
        // withhold: capabilities the store pretends to lack, e.g. "conditional_append" for an eventually consistent one
        store.withheld = config.string("withhold").map(v -> Stream.of(v.split(",")).map(String::trim)
                .map(c -> StoreCapability.valueOf(c.toUpperCase(java.util.Locale.ROOT))).collect(Collectors.toSet()))
                .orElse(Set.of());
        return store;
    }

    /** The store created under {@code name}. */
    public static Flaky store(String name) {
        return STORES.get(name);
    }

    /** A memory store with an off switch and an optional append throughput cap. */
    public static final class Flaky implements AuditStore {
        public final MemoryAuditStore delegate = new MemoryAuditStore();
        public final AtomicBoolean down = new AtomicBoolean();
        /** Appends to chains it accepts fail as if the database were unreachable, everything else works. */
        public volatile Predicate<ChainId> appendsFailTo = c -> false;
        /** Time each appended event costs, one append at a time across all chains (0: no cap). */
        public final AtomicLong appendNanosPerEvent = new AtomicLong();
        /** Calls that list every chain, and tip reads, so far. */
        public final AtomicLong listings = new AtomicLong();
        public final AtomicLong tips = new AtomicLong();
        /** While set and not counted down, listing every chain waits for it (a listing that takes long). */
        public volatile java.util.concurrent.CountDownLatch listingGate;
        private final Object writeLock = new Object();
        private volatile Set<StoreCapability> withheld = Set.of();

        private void check(String op) {
            if (down.get()) {
                throw new StoreUnavailableException(op + " failed: connection refused (test-flaky backend)");
            }
        }

        @Override public Set<StoreCapability> capabilities() {
            check("capabilities");
            Set<StoreCapability> caps = java.util.EnumSet.noneOf(StoreCapability.class);
            caps.addAll(delegate.capabilities());
            caps.removeAll(withheld);
            return caps;
        }
        @Override public ChainTip tip(ChainId chain) { check("tip"); tips.incrementAndGet(); return delegate.tip(chain); }
        @Override public AppendResult append(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
            check("append");
            if (appendsFailTo.test(chain)) {
                throw new StoreUnavailableException("append to " + chain + " failed: connection refused (test-flaky backend)");
            }
            long perEvent = appendNanosPerEvent.get();
            if (perEvent == 0) {
                return delegate.append(chain, expected, batch);
            }
            synchronized (writeLock) {
                long until = System.nanoTime() + perEvent * batch.size();
                for (long left = perEvent * batch.size(); left > 0; left = until - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
                return delegate.append(chain, expected, batch);
            }
        }
        @Override public Stream<AuditRecord> stream(ChainId chain, long fromSeq, long toSeq) {
            check("stream");
            return delegate.stream(chain, fromSeq, toSeq);
        }
        @Override public RecordPage query(RecordQuery query) { check("query"); return delegate.query(query); }
        @Override public Optional<AuditRecord> findById(String id) { check("findById"); return delegate.findById(id); }
        @Override
        public Set<ChainId> chains() {
            check("chains");
            listings.incrementAndGet();
            java.util.concurrent.CountDownLatch gate = listingGate;
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.chains();
        }
        @Override public void close() {
            // shared by name across the test's contexts
        }
    }
}
