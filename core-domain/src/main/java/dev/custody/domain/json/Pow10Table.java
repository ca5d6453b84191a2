package dev.custody.domain.json;

import java.math.BigInteger;

/**
 * The 126-bit approximations g of 10^-k used by {@link EcmaNumber} (Schubfach, R. Giulietti, section 9.8.3):
 * with r = floor(log2(10^-k)) - 125, g = floor(10^-k / 2^r) + 1, so 2^125 < g <= 2^126,
 * stored as g = g1 * 2^63 + g0. Computed exactly once with BigInteger at class initialisation.
 */
final class Pow10Table {

    static final int K_MIN = -324;
    static final int K_MAX = 292;

    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    static {
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            int e = -k;
            BigInteger num = e >= 0 ? BigInteger.TEN.pow(e) : BigInteger.ONE;
            BigInteger den = e >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-e);
            int r = EcmaNumber.flog2pow10(e) - 125;
            BigInteger g = num.shiftLeft(Math.max(0, -r))
                    .divide(den.shiftLeft(Math.max(0, r)))
                    .add(BigInteger.ONE);
            int i = 2 * (k - K_MIN);
            G[i] = g.shiftRight(63).longValueExact();
            G[i + 1] = g.and(mask63).longValue();
        }
    }

    private Pow10Table() {
    }

    static long g1(int k) {
        return G[2 * (k - K_MIN)];
    }

    static long g0(int k) {
        return G[2 * (k - K_MIN) + 1];
    }
}
