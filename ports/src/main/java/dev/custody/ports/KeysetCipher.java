package dev.custody.ports;

/**
 * Authenticated encryption with associated data under one named keyset of a {@link KeyStore}. The
 * ciphertext names the key that sealed it, so a keyset that has been rotated still opens everything it
 * sealed before. Implementations are thread-safe.
 */
public interface KeysetCipher {

    /** The keyset's name. */
    String keyset();

    /**
     * Seals {@code plaintext}; {@code associatedData} is authenticated but not stored in the ciphertext,
     * and {@link #decrypt} must be given the same bytes.
     *
     * @throws KeyStoreException when the keyset has been destroyed or the key cannot be used
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /**
     * Opens a ciphertext made by {@link #encrypt} with the same associated data.
     *
     * @throws KeyStoreException when the ciphertext was altered, was sealed for other associated data or
     *     another keyset, or its key is gone
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData);
}
