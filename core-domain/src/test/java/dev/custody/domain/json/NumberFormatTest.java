package dev.custody.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Jcs.formatNumber against ECMA-262 Number::toString, RFC 8785 appendix B and an exact BigDecimal oracle. */
class NumberFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0",
        "-0.0, 0",
        "1, 1",
        "-1, -1",
        "0.1, 0.1",
        "-123.456, -123.456",
        "4.35, 4.35",
        "1e21, 1e+21",
        "1e20, 100000000000000000000",
        "123456789012345678901, 123456789012345680000",
        "1e-7, 1e-7",
        "1.5e-7, 1.5e-7",
        "-1.5e-7, -1.5e-7",
        "1e-6, 0.000001",
        "0.000001234, 0.000001234",
        "123e-20, 1.23e-18",
        "5e-324, 5e-324",
        "1e-323, 1e-323",
        "1.5e-323, 1.5e-323",
        "1e-320, 1e-320",
        "2.2250738585072014e-308, 2.2250738585072014e-308",
        "1.7976931348623157e308, 1.7976931348623157e+308",
        "9007199254740992, 9007199254740992",
        "9007199254740993, 9007199254740992",
        "333333333.3333333, 333333333.3333333",
        "1e300, 1e+300",
        "5.684341886080802e-14, 5.684341886080802e-14",
        "1152921504606846976, 1152921504606847000",
    })
    void formatNumber_matchesEcmaScript(String literal, String expected) {
        assertThat(Jcs.formatNumber(Double.parseDouble(literal))).isEqualTo(expected);
    }

    /** The table of RFC 8785 appendix B (IEEE 754 bit patterns). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void formatNumber_matchesRfc8785AppendixB(String hexBits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
        assertThat(Jcs.formatNumber(d)).isEqualTo(expected);
    }

    @Test
    void formatNumber_doesNotUseJdk17DoubleToStringDigits() {
        double d = Math.scalb(1.0, -44); // JDK 17 Double.toString gives 5.6843418860808015E-14 (17 digits)
        assertThat(Jcs.formatNumber(d)).isEqualTo("5.684341886080802e-14");
    }

    @Test
    void formatNumber_rejectsNanAndInfinities() {
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> Jcs.formatNumber(d)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatNumber_isShortestAndClosestForSubnormalsAndPowersOfTwo() {
        for (long bits = 1; bits <= 5000; bits++) {
            assertEcmaScriptForm(Double.longBitsToDouble(bits));
        }
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            assertEcmaScriptForm(p);
            assertEcmaScriptForm(Math.nextUp(p));
            assertEcmaScriptForm(-Math.nextDown(p));
        }
        for (int e = -323; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            assertEcmaScriptForm(p);
            assertEcmaScriptForm(Math.nextUp(p));
            assertEcmaScriptForm(Math.nextDown(p));
        }
    }

    @Property(tries = 10_000)
    void formatNumber_isShortestClosestAndLaidOutPerEcma262(@ForAll long bits) {
        double d = Double.longBitsToDouble(bits);
        Assume.that(Double.isFinite(d));
        assertEcmaScriptForm(d);
    }

    @Property(tries = 2_000)
    void formatNumber_handlesShortDecimals(@ForAll int mantissa, @ForAll byte exponent) {
        double d = Double.parseDouble(mantissa + "e" + (exponent % 40));
        assertEcmaScriptForm(d);
    }

    @Test
    void floorLogHelpers_areExactOverTheirRange() {
        for (int e = -2000; e <= 2000; e++) {
            assertThat(EcmaNumber.flog10pow2(e)).as("flog10pow2(%d)", e).isEqualTo(floorLog10(pow2(e, 1)));
            assertThat(EcmaNumber.flog10threeQuartersPow2(e)).as("flog10threeQuartersPow2(%d)", e)
                    .isEqualTo(floorLog10(pow2(e, 3).divide(BigDecimal.valueOf(4))));
            int log2 = e >= 0 ? BigInteger.TEN.pow(e).bitLength() - 1 : -BigInteger.TEN.pow(-e).bitLength();
            assertThat(EcmaNumber.flog2pow10(e)).as("flog2pow10(%d)", e).isEqualTo(log2);
        }
    }

    private static BigDecimal pow2(int e, int factor) {
        BigDecimal f = BigDecimal.valueOf(factor);
        return e >= 0 ? f.multiply(new BigDecimal(BigInteger.TWO.pow(e)))
                : f.divide(new BigDecimal(BigInteger.TWO.pow(-e))); // exact: 2^-n has a finite decimal expansion
    }

    private static int floorLog10(BigDecimal positive) {
        BigDecimal x = positive.stripTrailingZeros();
        return x.precision() - x.scale() - 1;
    }

    /** Asserts that the output round-trips, that no shorter decimal does, that it is the closest, and its layout. */
    static void assertEcmaScriptForm(double d) {
        String s = Jcs.formatNumber(d);
        assertThat(Double.parseDouble(s)).as("round trip of %s (%s)", s, d).isEqualTo(d == 0 ? 0.0 : d);
        if (d == 0) {
            assertThat(s).isEqualTo("0");
            return;
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal out = new BigDecimal(s).stripTrailingZeros();
        int len = out.precision();
        if (len > 1) {
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                BigDecimal shorter = exact.round(new MathContext(len - 1, mode));
                assertThat(Double.parseDouble(shorter.toString())).as("%s is shorter than %s", shorter, s).isNotEqualTo(d);
            }
        }
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = exact.round(new MathContext(len, mode));
            if (Double.parseDouble(candidate.toString()) != d) {
                continue;
            }
            int cmp = best == null ? -1 : candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs());
            if (cmp < 0) {
                best = candidate;
            } else if (cmp == 0) {
                best = exact.round(new MathContext(len, RoundingMode.HALF_EVEN));
            }
        }
        assertThat(best).as("closest %d-digit decimal to %s", len, d).isNotNull();
        assertThat(out.compareTo(best)).as("%s is not the closest (%s)", s, best).isZero();
        assertThat(s).isEqualTo(ecmaLayout(out));
    }

    /** ECMA-262 Number::toString steps 6-12, written independently from the production code with strings. */
    private static String ecmaLayout(BigDecimal value) {
        String sign = value.signum() < 0 ? "-" : "";
        BigDecimal abs = value.abs();
        String digits = abs.unscaledValue().toString();
        int k = digits.length();
        int n = k - abs.scale();
        String body;
        if (k <= n && n <= 21) {
            body = digits + "0".repeat(n - k);
        } else if (0 < n && n <= 21) {
            body = digits.substring(0, n) + "." + digits.substring(n);
        } else if (-6 < n && n <= 0) {
            body = "0." + "0".repeat(-n) + digits;
        } else {
            String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            body = mantissa + "e" + (n - 1 >= 0 ? "+" : "-") + Math.abs(n - 1);
        }
        return sign + body;
    }
}
