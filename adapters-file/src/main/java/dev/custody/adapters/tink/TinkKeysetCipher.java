package dev.custody.adapters.tink;

import com.google.crypto.tink.Aead;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import java.security.GeneralSecurityException;

/**
 * A handle on one keyset's AEAD: finds the keyset in its store on every use, so it follows rotations and stops
 * working the moment the keyset is destroyed (or replaced by a new keyset of the same name).
 */
final class TinkKeysetCipher implements KeysetCipher {

    private final TinkKeyStore store;
    private final String keyset;
    private final long lineage;

    TinkKeysetCipher(TinkKeyStore store, String keyset, long lineage) {
        this.store = store;
        this.keyset = keyset;
        this.lineage = lineage;
    }

    @Override
    public String keyset() {
        return keyset;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            return aead().encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        try {
            return aead().decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": decryption failed (the ciphertext was altered, "
                    + "moved, or sealed with another key)", e);
        }
    }

    private Aead aead() {
        return store.primitive(keyset, lineage, Aead.class);
    }
}
