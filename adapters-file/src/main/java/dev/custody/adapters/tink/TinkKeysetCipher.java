package dev.custody.adapters.tink;

import com.google.crypto.tink.Aead;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import java.security.GeneralSecurityException;

/** One keyset's AEAD; stops working the moment its keyset is destroyed. */
final class TinkKeysetCipher implements KeysetCipher {

    private final String keyset;
    private volatile Aead aead;
    private volatile boolean destroyed;

    TinkKeysetCipher(String keyset, Aead aead) {
        this.keyset = keyset;
        this.aead = aead;
    }

    @Override
    public String keyset() {
        return keyset;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        checkAlive();
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        checkAlive();
        try {
            return aead.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": decryption failed (the ciphertext was altered, "
                    + "moved, or sealed with another key)", e);
        }
    }

    /** After a rotation: seal with the new primary key from now on. */
    void replace(Aead rotated) {
        this.aead = rotated;
    }

    void destroy() {
        destroyed = true;
    }

    private void checkAlive() {
        if (destroyed) {
            throw new KeyStoreException("keyset " + keyset + " has been destroyed");
        }
    }
}
