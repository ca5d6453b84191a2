package dev.custody.domain.chain;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then 74 random bits. Every record id Custody assigns is
 * one, in lower-case canonical form.
 */
public final class UuidV7 {

    private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private UuidV7() {
    }

    /**
     * Whether {@code id} could be a record id Custody assigned: a lower-case canonical UUID of version 7 and the RFC
     * variant. Nothing else needs looking up.
     */
    public static boolean isCanonical(String id) {
        return id != null && CANONICAL.matcher(id).matches();
    }

    static String next(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
