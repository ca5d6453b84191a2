package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leases of {@link OpenChains} over real chains: what is held is never closed, what is idle goes first. */
class OpenChainsTest {

    @TempDir
    Path dir;

    final AtomicInteger recoveries = new AtomicInteger();

    OpenChains open(int capacity) {
        return new OpenChains(capacity, chain -> {
            recoveries.incrementAndGet();
            ChainRecovery.Recovered r = ChainRecovery.recover(dir, chain, LineCodec.PLAIN);
            return new ChainLog(chain, dir, r.dir(), r.state(), LineCodec.PLAIN, r.unreadable(), AppendChannels.FILES);
        });
    }

    @Test
    void aHeldChainIsNeverClosed_aCallerOfAnotherWaitsForTheRelease() throws Exception {
        OpenChains chains = open(1);
        TestChain held = TestChain.of("in", "use");
        TestChain other = TestChain.of("in", "other");
        try (OpenChains.Lease lease = chains.acquire(held.chain)) {
            assertThat(lease.log().append(held.tip(), Batch.of(held.chain, held.tip(), held.next(1))))
                    .isInstanceOf(AppendResult.Appended.class);
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try (OpenChains.Lease l = chains.acquire(other.chain)) {
                    l.log().append(other.tip(), Batch.of(other.chain, other.tip(), other.next(1)));
                }
            });
            assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).as("the only room is held")
                    .isInstanceOf(TimeoutException.class);
            assertThat(lease.log().holdsChannel()).as("the held chain keeps its channel").isTrue();
            assertThat(chains.openChains()).isEqualTo(1);
            lease.close();
            waiting.get(10, TimeUnit.SECONDS);
        }
        assertThat(chains.openChains()).isEqualTo(1);
        assertThat(chains.peek(held.chain)).as("closed for the other one").isNull();
        try (OpenChains.Lease again = chains.acquire(held.chain)) {
            assertThat(again.log().state().tip()).as("recovered as it was left").isEqualTo(held.tip());
        }
        assertThat(recoveries).hasValue(3);
        chains.close();
    }

    @Test
    void theLeastRecentlyUsedIdleChainIsClosedFirst() throws Exception {
        OpenChains chains = open(2);
        ChainId a = ChainId.of("lru", "a");
        ChainId b = ChainId.of("lru", "b");
        ChainId c = ChainId.of("lru", "c");
        chains.acquire(a).close();
        chains.acquire(b).close();
        chains.acquire(a).close();   // a is now the more recently used

        chains.acquire(c).close();

        assertThat(chains.peek(a)).isNotNull();
        assertThat(chains.peek(b)).isNull();
        assertThat(chains.peek(c)).isNotNull();
        chains.close();
    }

    @Test
    void callersOfOneChainShareOneRecovery() throws Exception {
        OpenChains chains = open(4);
        ChainId chain = ChainId.of("one", "chain");
        CompletableFuture<?>[] all = new CompletableFuture<?>[16];
        for (int i = 0; i < all.length; i++) {
            all[i] = CompletableFuture.runAsync(() -> chains.acquire(chain).close());
        }
        CompletableFuture.allOf(all).get(10, TimeUnit.SECONDS);

        assertThat(recoveries).hasValue(1);
        chains.close();
    }

    @Test
    void aFailedRecoveryHoldsNothing_andTheNextUseTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        OpenChains chains = new OpenChains(1, chain -> {
            if (calls.incrementAndGet() == 1) {
                throw new AuditStoreException("the first recovery fails");
            }
            ChainRecovery.Recovered r = ChainRecovery.recover(dir, chain, LineCodec.PLAIN);
            return new ChainLog(chain, dir, r.dir(), r.state(), LineCodec.PLAIN, r.unreadable(), AppendChannels.FILES);
        });
        ChainId chain = ChainId.of("fails", "once");

        assertThatThrownBy(() -> chains.acquire(chain)).hasMessage("the first recovery fails");
        assertThat(chains.openChains()).isZero();
        chains.acquire(chain).close();
        assertThat(chains.openChains()).isEqualTo(1);
        chains.close();
        assertThatThrownBy(() -> chains.acquire(chain)).isInstanceOf(AuditStoreException.class).hasMessageContaining("closed");
    }
}
