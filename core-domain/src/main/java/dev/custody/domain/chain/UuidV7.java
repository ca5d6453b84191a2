package dev.custody.domain.chain;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then 74 random bits. */
final class UuidV7 {

    private UuidV7() {
    }

    static String next(long epochMillis) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
