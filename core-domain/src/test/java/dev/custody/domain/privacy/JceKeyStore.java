package dev.custody.domain.privacy;

import dev.custody.ports.KeyStore;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.KeysetPrf;
import dev.custody.ports.KeysetStatus;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** A key store in memory on the JDK's AES-GCM and HMAC-SHA256, so domain tests run real cryptography without Tink. */
final class JceKeyStore implements KeyStore {

    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    int size() {
        return keys.size();
    }

    private byte[] key(String name, boolean create) {
        return create ? keys.computeIfAbsent(name, n -> {
            byte[] k = new byte[32];
            random.nextBytes(k);
            return k;
        }) : keys.get(name);
    }

    @Override
    public KeysetCipher cipher(String keyset) {
        key(keyset, true);
        return new KeysetCipher() {
            @Override
            public String keyset() {
                return keyset;
            }

            @Override
            public byte[] encrypt(byte[] plaintext, byte[] ad) {
                try {
                    byte[] iv = new byte[12];
                    random.nextBytes(iv);
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(live(keyset), "AES"), new GCMParameterSpec(128, iv));
                    c.updateAAD(ad);
                    return ByteBuffer.allocate(12 + plaintext.length + 16).put(iv).put(c.doFinal(plaintext)).array();
                } catch (GeneralSecurityException e) {
                    throw new KeyStoreException("encrypt", e);
                }
            }

            @Override
            public byte[] decrypt(byte[] ct, byte[] ad) {
                try {
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(live(keyset), "AES"), new GCMParameterSpec(128, ct, 0, 12));
                    c.updateAAD(ad);
                    return c.doFinal(ct, 12, ct.length - 12);
                } catch (GeneralSecurityException e) {
                    throw new KeyStoreException("decrypt", e);
                }
            }
        };
    }

    private byte[] live(String keyset) {
        byte[] k = keys.get(keyset);
        if (k == null) {
            throw new KeyStoreException("keyset " + keyset + " has been destroyed");
        }
        return k;
    }

    @Override
    public Optional<KeysetCipher> existing(String keyset) {
        return keys.containsKey(keyset) ? Optional.of(cipher(keyset)) : Optional.empty();
    }

    @Override
    public KeysetPrf prf(String keyset) {
        key(keyset, true);
        return new KeysetPrf() {
            @Override
            public String keyset() {
                return keyset;
            }

            @Override
            public byte[] compute(byte[] input, int length) {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(live(keyset), "HmacSHA256"));
                    return Arrays.copyOf(mac.doFinal(input), length);
                } catch (GeneralSecurityException e) {
                    throw new KeyStoreException("prf", e);
                }
            }
        };
    }

    @Override
    public Optional<KeysetPrf> existingPrf(String keyset) {
        return keys.containsKey(keyset) ? Optional.of(prf(keyset)) : Optional.empty();
    }

    @Override
    public KeysetStatus rotate(String keyset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<KeysetStatus> status() {
        return List.of();
    }

    @Override
    public boolean destroy(String keyset) {
        byte[] k = keys.remove(keyset);
        if (k != null) {
            Arrays.fill(k, (byte) 0);
        }
        return k != null;
    }

    @Override
    public String describe() {
        return "jce test key store";
    }

    @Override
    public void close() {
    }
}
