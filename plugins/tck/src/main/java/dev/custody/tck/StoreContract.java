package dev.custody.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreCapability;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of every contract: opens the store under test before each test and closes it after, and
 * builds valid linked records to feed it. It also proves that the store declares exactly the
 * capabilities its test says it has, so a store cannot drop one silently.
 *
 * <p>Subclass a contract (not this class) and implement {@link #openStore(Path)}; override
 * {@link #unsupported()} to list what the store cannot do. Every capability is supported unless
 * listed, and each contract asserts that a missing one fails as {@link StoreCapability} documents
 * instead of skipping. {@link StoreCapability#MULTI_WRITER} is not tested: the kit runs in one process
 * and cannot prove that several processes may write at once, so a store declares it or not as it sees
 * fit.
 *
 * <p>Every test writes to fresh chains from {@link #newChain()} (namespace {@code tck}, a random
 * tenant), so a store whose data outlives the test (a shared database) needs no cleanup between tests.
 */
public abstract class StoreContract {

    /** The namespace of every chain the kit creates. */
    protected static final String NAMESPACE = "tck";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh, empty directory per test; {@link #openStore(Path)} receives it. */
    @TempDir
    protected Path dir;

    /** The store under test, open during each test. */
    protected AuditStore store;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T15:09:26.535897Z"));
    private final RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, clock);

    /**
     * Opens the store whose data lives in {@code dir}, or reopens it after {@link AuditStore#close()}
     * with everything it held. A store that keeps its data elsewhere (a database) ignores {@code dir}
     * but must reopen over the same data.
     */
    protected abstract AuditStore openStore(Path dir);

    /** The capabilities the store lacks; empty (everything supported) unless overridden. */
    protected Set<StoreCapability> unsupported() {
        return Collections.emptySet();
    }

    /** Whether the store under test claims {@code capability}, according to {@link #unsupported()}. */
    protected final boolean supports(StoreCapability capability) {
        return !unsupported().contains(capability);
    }

    @BeforeEach
    protected final void openStoreUnderTest() {
        store = openStore(dir);
        assertThat(store).as("openStore(%s)", dir).isNotNull();
    }

    @AfterEach
    protected final void closeStoreUnderTest() {
        closeStore();
    }

    /** Closes the store if a test has not already done so. */
    protected final void closeStore() {
        AuditStore open = store;
        store = null;
        if (open != null) {
            open.close();
        }
    }

    /** Closes the store and opens it again over the same data; returns the new instance. */
    protected final AuditStore reopen() {
        closeStore();
        store = openStore(dir);
        assertThat(store).as("openStore(%s) after close", dir).isNotNull();
        return store;
    }

    @Test
    public void capabilities_areAllButTheUnsupportedOnes() {
        Set<StoreCapability> expected = EnumSet.allOf(StoreCapability.class);
        expected.removeAll(unsupported());
        expected.remove(StoreCapability.MULTI_WRITER);
        Set<StoreCapability> declared = EnumSet.noneOf(StoreCapability.class);
        declared.addAll(store.capabilities());
        declared.remove(StoreCapability.MULTI_WRITER);
        assertThat(declared)
                .as("capabilities() of %s must be every capability except unsupported() = %s (MULTI_WRITER aside)",
                        store.getClass().getName(), unsupported())
                .isEqualTo(expected);
    }

    /**
     * When the store lacks {@code capability}, asserts that {@link AuditStore#capabilities()} says so
     * and returns false; the caller then checks the documented failure instead of the feature.
     */
    protected final boolean supportedOrDeclaredAbsent(StoreCapability capability) {
        if (supports(capability)) {
            return true;
        }
        assertThat(store.capabilities())
                .as("%s is in unsupported(), so capabilities() must not list it", capability)
                .doesNotContain(capability);
        return false;
    }

    // ---- chains, events and records ----

    /** A chain no other test (or run) uses: namespace {@code tck}, tenant {@code t-} + 8 hex digits. */
    protected final ChainId newChain() {
        return ChainId.of(NAMESPACE, "t-" + HexFormat.of().toHexDigits(RANDOM.nextInt()));
    }

    /** An event on {@code chain} with every field set and a realistic payload of about 500 bytes. */
    protected final AuditEvent.Builder event(ChainId chain) {
        return event(chain, 0);
    }

    /** Like {@link #event(ChainId)}, with {@code n} woven into the ids and the payload. */
    protected final AuditEvent.Builder event(ChainId chain, long n) {
        return AuditEvent.builder(chain)
                .kind("decision")
                .action("loan.approve")
                .actor("user", "u-" + (n % 13))
                .resource("application", "app-" + n)
                .outcome("approved")
                .subjectId("subj-" + (n % 7))
                .occurredAt("2026-03-14T15:09:26.5Z")
                .payload(Payloads.realistic(n));
    }

    /** {@code n} valid records of {@code chain} linked after {@code prev}, recorded at the kit's clock. */
    protected final List<AuditRecord> records(ChainId chain, ChainTip prev, int n) {
        List<AuditEvent> events = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            events.add(event(chain, prev.seq() + i).build());
        }
        return records(prev, events);
    }

    /** Records of {@code events}, linked after {@code prev}, recorded at the kit's clock. */
    protected final List<AuditRecord> records(ChainTip prev, List<AuditEvent> events) {
        return encoder.encodeEvents(prev, events);
    }

    /** Appends {@code n} records to {@code chain} in batches of up to 100, asserting each is appended. */
    protected final List<AuditRecord> appendAll(ChainId chain, int n) {
        return appendAll(chain, n, 100);
    }

    /** Appends {@code n} records in batches of up to {@code batchSize}; the clock moves 1.001 ms per batch. */
    protected final List<AuditRecord> appendAll(ChainId chain, int n, int batchSize) {
        List<AuditRecord> all = new ArrayList<>(n);
        ChainTip tip = store.tip(chain);
        while (all.size() < n) {
            List<AuditRecord> batch = records(chain, tip, Math.min(batchSize, n - all.size()));
            tip = appended(chain, tip, batch);
            all.addAll(batch);
            advanceClock(Duration.ofNanos(1_001_000));
        }
        return all;
    }

    /** Appends {@code batch} after {@code expected}, asserts it was appended and returns the new tip. */
    protected final ChainTip appended(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        AppendResult result = store.append(chain, expected, batch);
        ChainTip last = ChainTip.of(batch.get(batch.size() - 1));
        assertThat(result).as("append of %s records to %s after seq %s", batch.size(), chain, expected.seq())
                .isEqualTo(new AppendResult.Appended(last));
        return last;
    }

    /** Every record of {@code chain} still held, read eagerly. */
    protected final List<AuditRecord> readAll(ChainId chain) {
        try (Stream<AuditRecord> s = store.stream(chain)) {
            return s.toList();
        }
    }

    /** The stored JSON of every record of {@code chain}. */
    protected final List<String> jsonOf(ChainId chain) {
        try (Stream<String> s = store.streamJson(chain, 1, Long.MAX_VALUE)) {
            return s.toList();
        }
    }

    /** Moves the clock that {@link #records} stamps {@code recorded_at} with. */
    protected final Instant advanceClock(Duration step) {
        return clock.advance(step);
    }

    /** The time {@link #records} stamps next (microsecond precision, UTC). */
    protected final Instant now() {
        return clock.instant();
    }

    // ---- threads ----

    /**
     * Runs {@code task(0..threads-1)} on {@code threads} threads released together and waits at most
     * {@code timeout}; a hang fails the test instead of blocking the build.
     */
    protected static void runConcurrently(int threads, Duration timeout, ThreadTask task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tck-worker");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>(threads);
        try {
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    task.run(index);
                    return null;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> f : futures) {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            fail("%s threads did not finish within %s (a deadlock or a lost wake-up?)", threads, timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while waiting for %s threads", threads);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The work of one thread in {@link #runConcurrently}. */
    @FunctionalInterface
    protected interface ThreadTask {
        void run(int thread) throws Exception;
    }
}
