package dev.custody.ports.hot;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What an idempotency key holds: the fingerprint of the request body it was first used with and, once the
 * first request succeeded, its answer.
 *
 * @param fingerprint of the first request's body
 * @param answer the stored answer, or null while the first request is still running
 */
public record IdempotencyEntry(String fingerprint, byte[] answer) {

    public IdempotencyEntry {
        requireNonNull(fingerprint, "fingerprint is null");
        answer = answer == null ? null : answer.clone();
    }

    /** The answer, empty while pending. */
    public Optional<byte[]> completed() {
        return Optional.ofNullable(answer).map(byte[]::clone);
    }

    @Override
    public byte[] answer() {
        return answer == null ? null : answer.clone();
    }
}
