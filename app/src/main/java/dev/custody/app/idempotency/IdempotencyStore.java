package dev.custody.app.idempotency;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers, per (API key name, Idempotency-Key), the hash of the request body and the first answer.
 * Implementations are safe for concurrent use; a later one keeps this state in Redis.
 */
public interface IdempotencyStore {

    /** What {@link #claim} found. */
    sealed interface Claim {
        /** Nobody used the key: the caller does the work, then calls {@link #complete} or {@link #abandon}. */
        record Owner() implements Claim {
        }

        /**
         * The key was used with the same body. The future completes with the first answer, or empty
         * when that request failed (the caller may then claim again).
         */
        record Existing(CompletableFuture<Optional<StoredAnswer>> answer) implements Claim {
        }

        /** The key was used with a different body. */
        record Mismatch() implements Claim {
        }
    }

    /** Claims {@code key} for a request whose body hashes to {@code bodySha256} (hex). */
    Claim claim(String scope, String key, String bodySha256);

    /** Records the answer of the owner of {@code key} and releases everyone waiting for it. */
    void complete(String scope, String key, StoredAnswer answer);

    /** Forgets {@code key} after its owner failed, so the next request with it runs afresh. */
    void abandon(String scope, String key);
}
