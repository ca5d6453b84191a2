/** {@code Idempotency-Key}: replays the first answer of a repeated request instead of appending again. */
/* The store sits behind {@link dev.custody.app.idempotency.IdempotencyStore}: the hot tier when configured, else memory. */
package dev.custody.app.idempotency;
