package dev.custody.ports;

/**
 * A keyed pseudo-random function under one named keyset of a {@link KeyStore}: the same input always gives
 * the same output while the keyset exists, and nobody without the key can compute or invert it. Custody
 * uses it for keyed pseudonyms (HMAC-SHA256). Implementations are thread-safe.
 */
public interface KeysetPrf {

    /** The keyset's name. */
    String keyset();

    /**
     * The PRF of {@code input} under the keyset's primary key, {@code length} bytes long.
     *
     * @throws KeyStoreException when the keyset has been destroyed or the key cannot be used
     * @throws IllegalArgumentException when {@code length} is not between 16 and 32
     */
    byte[] compute(byte[] input, int length);
}
