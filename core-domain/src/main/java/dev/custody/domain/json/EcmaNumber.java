package dev.custody.domain.json;

import static java.lang.Math.multiplyHigh;

/**
 * ECMA-262 Number::toString(x) with radix 10, as RFC 8785 requires: the shortest decimal that rounds
 * back to x (the closest one, ties to even, when several are shortest), laid out as ECMAScript does.
 *
 * <p>The digits come from the Schubfach algorithm (R. Giulietti, "The Schubfach way to render doubles",
 * 2020; the basis of {@code Double.toString} since JDK 19), with one change: ECMAScript takes the
 * shortest decimal even when it has a single digit, where Java insists on two ({@code 5e-324}, not
 * {@code 4.9E-324}).
 */
final class EcmaNumber {

    private static final int P = 53;
    private static final long T_MASK = (1L << (P - 1)) - 1;
    private static final int BQ_MASK = (1 << 11) - 1;
    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << (P - 1);
    private static final long MASK_63 = (1L << 63) - 1;
    private static final double TWO_53 = 9007199254740992.0;

    private static final long[] POW10 = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private EcmaNumber() {
    }

    /**
     * Appends the ECMAScript form of {@code v}.
     *
     * @throws IllegalArgumentException if {@code v} is NaN or infinite
     */
    static void append(double v, StringBuilder out) {
        if (Math.abs(v) < TWO_53) {
            long l = (long) v;
            if (l == v) {
                out.append(l); // also turns -0.0 into 0
                return;
            }
        }
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & T_MASK;
        int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
        if (bq == BQ_MASK) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        if (bits < 0) {
            out.append('-');
        }
        if (bq != 0) {
            toDecimal(Q_MIN - 1 + bq, C_MIN | t, out);
        } else {
            toDecimal(Q_MIN, t, out); // subnormal; zero was handled by the integral fast path
        }
    }

    /** Finds the shortest decimal for c * 2^q (c > 0) and appends it. See figure 7 of the Schubfach paper. */
    private static void toDecimal(int q, long c, StringBuilder out) {
        int outBit = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN | q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        long g1 = Pow10Table.g1(k);
        long g0 = Pow10Table.g0(k);
        long vb = rop(g1, g0, cb << h);
        long vbl = rop(g1, g0, cbl << h);
        long vbr = rop(g1, g0, cbr << h);

        long s = vb >> 2;
        if (s >= 10) {
            // one digit fewer: at most one multiple of 10 * 10^k lies in the rounding interval
            long sp10 = 10 * multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean upin = vbl + outBit <= sp10 << 2;
            boolean wpin = (tp10 << 2) + outBit <= vbr;
            if (upin != wpin) {
                layout(upin ? sp10 : tp10, k, out);
                return;
            }
        }
        long t = s + 1;
        boolean uin = vbl + outBit <= s << 2;
        boolean win = (t << 2) + outBit <= vbr;
        if (uin != win) {
            layout(uin ? s : t, k, out);
            return;
        }
        long cmp = vb - (s + t << 1);
        layout(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k, out);
    }

    /** rop(cp * g * 2^-127): the product rounded to odd. See section 9.9 of the paper. */
    private static long rop(long g1, long g0, long cp) {
        long x1 = multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /** Appends f * 10^e (f > 0) per ECMA-262 Number::toString steps 6-12. */
    private static void layout(long f, int e, StringBuilder out) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int k = digits(f);
        int n = e + k; // the value is 0.d1..dk * 10^n
        if (k <= n && n <= 21) {
            out.append(f);
            for (int i = k; i < n; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            long scale = POW10[k - n];
            out.append(f / scale).append('.');
            appendPadded(f % scale, k - n, out);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = n; i < 0; i++) {
                out.append('0');
            }
            out.append(f);
        } else {
            if (k == 1) {
                out.append(f);
            } else {
                long scale = POW10[k - 1];
                out.append(f / scale).append('.');
                appendPadded(f % scale, k - 1, out);
            }
            int exp = n - 1;
            out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        }
    }

    private static void appendPadded(long x, int width, StringBuilder out) {
        for (int i = digits(x); i < width; i++) {
            out.append('0');
        }
        out.append(x);
    }

    /** Number of decimal digits of x, at least 1. */
    private static int digits(long x) {
        int d = 1;
        while (d < POW10.length && x >= POW10[d]) {
            d++;
        }
        return d;
    }

    /** floor(log10(2^e)); exact for |e| <= 2000 (checked by NumberFormatTest), far beyond what doubles need. */
    static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 * 2^e)); exact for |e| <= 2000 (checked by NumberFormatTest). */
    static int flog10threeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** floor(log2(10^e)); exact for |e| <= 2000 (checked by NumberFormatTest). */
    static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }
}
