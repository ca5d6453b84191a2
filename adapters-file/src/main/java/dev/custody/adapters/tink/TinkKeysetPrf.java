package dev.custody.adapters.tink;

import com.google.crypto.tink.prf.PrfSet;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetPrf;
import java.security.GeneralSecurityException;

/** A handle on one keyset's PRF (HMAC-SHA256): stops working the moment its keyset is destroyed. */
final class TinkKeysetPrf implements KeysetPrf {

    private final TinkKeyStore store;
    private final String keyset;
    private final long lineage;

    TinkKeysetPrf(TinkKeyStore store, String keyset, long lineage) {
        this.store = store;
        this.keyset = keyset;
        this.lineage = lineage;
    }

    @Override
    public String keyset() {
        return keyset;
    }

    @Override
    public byte[] compute(byte[] input, int length) {
        if (length < 16 || length > 32) {
            throw new IllegalArgumentException("PRF output length must be between 16 and 32 bytes, got " + length);
        }
        try {
            return store.primitive(keyset, lineage, PrfSet.class).computePrimary(input, length);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": PRF failed: " + e.getMessage(), e);
        }
    }
}
