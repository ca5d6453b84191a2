package dev.custody.adapters.tink;

import com.google.crypto.tink.prf.PrfSet;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetPrf;
import java.security.GeneralSecurityException;

/** One keyset's PRF (HMAC-SHA256); stops working the moment its keyset is destroyed. */
final class TinkKeysetPrf implements KeysetPrf {

    private final String keyset;
    private final PrfSet prf;
    private volatile boolean destroyed;

    TinkKeysetPrf(String keyset, PrfSet prf) {
        this.keyset = keyset;
        this.prf = prf;
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
        if (destroyed) {
            throw new KeyStoreException("keyset " + keyset + " has been destroyed");
        }
        try {
            return prf.computePrimary(input, length);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": PRF failed: " + e.getMessage(), e);
        }
    }

    void destroy() {
        destroyed = true;
    }
}
