package dev.custody.app.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void keysAreScopedPerApiKey_expire_andTheStoreIsBounded() {
        MovableClock clock = new MovableClock();
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(2, Duration.ofHours(24), clock);
        assertThat(store.claim("alice", "k", "h1")).isInstanceOf(IdempotencyStore.Claim.Owner.class);
        assertThat(store.claim("bob", "k", "h2")).isInstanceOf(IdempotencyStore.Claim.Owner.class);
        assertThat(store.claim("alice", "k", "h2")).isInstanceOf(IdempotencyStore.Claim.Mismatch.class);
        store.complete("alice", "k", new StoredAnswer(201, "application/json", new byte[] {1}));
        IdempotencyStore.Claim again = store.claim("alice", "k", "h1");
        assertThat(again).isInstanceOf(IdempotencyStore.Claim.Existing.class);
        assertThat(((IdempotencyStore.Claim.Existing) again).answer().join()).map(StoredAnswer::status).contains(201);

        clock.now = clock.now.plus(Duration.ofHours(25));
        assertThat(store.claim("alice", "k", "h2")).isInstanceOf(IdempotencyStore.Claim.Owner.class);

        store.claim("carol", "k", "h");
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void abandonReleasesWaitersWithNothing() {
        InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
        store.claim("a", "k", "h");
        IdempotencyStore.Claim waiting = store.claim("a", "k", "h");
        store.abandon("a", "k");
        assertThat(((IdempotencyStore.Claim.Existing) waiting).answer().join()).isEqualTo(Optional.empty());
        assertThat(store.claim("a", "k", "other")).isInstanceOf(IdempotencyStore.Claim.Owner.class);
    }
}
