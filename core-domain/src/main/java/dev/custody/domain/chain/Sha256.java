package dev.custody.domain.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Lower-case hex SHA-256, with one reusable digest per thread. */
public final class Sha256 {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    /** This thread's digest, reset: for hashing several segments without joining them. */
    static MessageDigest threadDigest() {
        MessageDigest d = DIGEST.get();
        d.reset();
        return d;
    }

    /** Hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String hex(byte[] bytes) {
        MessageDigest d = DIGEST.get();
        d.reset();
        return toHex(d.digest(bytes));
    }

    /** Hex SHA-256 of the concatenation of two byte ranges, without copying them together. */
    public static String hex(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        MessageDigest d = DIGEST.get();
        d.reset();
        d.update(a, aOff, aLen);
        d.update(b, bOff, bLen);
        return toHex(d.digest());
    }

    /** Lower-case hex of {@code bytes}. */
    public static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Whether {@code s} is 64 lower-case hex digits. */
    public static boolean isHash(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
