package dev.custody.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JcsTest {

    @Test
    void canonicalize_sortsKeysByUtf16CodeUnits() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("€", 1);
        map.put("\r", 2);
        map.put("1", 3);
        map.put("é", 4);
        map.put("a", 5);
        map.put("\uFB33", 7); // HEBREW LETTER DALET WITH DAGESH
        map.put("\uD83D\uDE00", 6); // U+1F600 as D83D DE00: sorts before U+FB33 by code units
        map.put("", 0);
        map.put("aa", 8);
        map.put("B", 9);

        assertThat(Jcs.canonicalize(map))
                .isEqualTo("{\"\":0,\"\\r\":2,\"1\":3,\"B\":9,\"a\":5,\"aa\":8,\"é\":4,\"€\":1,\"\uD83D\uDE00\":6,\"\uFB33\":7}");
    }

    @Test
    void canonicalize_sortsAnyMapImplementationTheSameWay() {
        Map<String, Object> tree = new TreeMap<>(Collections.reverseOrder());
        tree.put("a", 1);
        tree.put("c", 3);
        tree.put("b", 2);
        Map<String, Object> hash = new HashMap<>(tree);

        assertThat(Jcs.canonicalize(tree)).isEqualTo("{\"a\":1,\"b\":2,\"c\":3}");
        assertThat(Jcs.canonicalize(hash)).isEqualTo("{\"a\":1,\"b\":2,\"c\":3}");
        assertThat(Jcs.canonicalize(Map.of("k", List.of()))).isEqualTo("{\"k\":[]}");
    }

    @Test
    void canonicalize_escapesEveryControlCharacter() {
        String[] expected = {
            "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
            "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
            "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
            "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
        };
        for (char c = 0; c < 0x20; c++) {
            assertThat(Jcs.canonicalize((Object) ("a" + c + "b"))).as("U+%04X", (int) c)
                    .isEqualTo("\"a" + expected[c] + "b\"");
        }
    }

    @Test
    void canonicalize_writesOtherCharactersLiterally() {
        assertThat(Jcs.canonicalize((Object) "\"\\")).isEqualTo("\"\\\"\\\\\"");
        assertThat(Jcs.canonicalize((Object) "/ \u007f \u0080 \u2028\u2029 € 😀 \uffff"))
                .isEqualTo("\"/ \u007f \u0080 \u2028\u2029 € 😀 \uffff\"");
        assertThat(Jcs.canonicalize((Object) "")).isEqualTo("\"\"");
        assertThat(Jcs.canonicalBytes("é😀")).containsExactly("\"é😀\"".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canonicalize_rejectsStringsWithUnpairedSurrogates() {
        for (String bad : List.of("\ud800", "a\udc00", "\ude00\ud83d", "x\ud83d")) {
            assertThatThrownBy(() -> Jcs.canonicalize((Object) bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate");
            assertThatThrownBy(() -> Jcs.canonicalize(Map.of(bad, 1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void canonicalize_writesNestedEmptyContainers() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("c", List.of(Map.of(), List.of(List.of()), new LinkedList<>()));
        map.put("b", List.of());
        map.put("a", Map.of());

        assertThat(Jcs.canonicalize(map)).isEqualTo("{\"a\":{},\"b\":[],\"c\":[{},[[]],[]]}");
        assertThat(Jcs.canonicalize(List.of())).isEqualTo("[]");
        assertThat(Jcs.canonicalize(new HashMap<>())).isEqualTo("{}");
    }

    @Test
    void canonicalize_writesScalars() {
        assertThat(Jcs.canonicalize((Object) null)).isEqualTo("null");
        assertThat(Jcs.canonicalize(true)).isEqualTo("true");
        assertThat(Jcs.canonicalize(Boolean.FALSE)).isEqualTo("false");
        assertThat(Jcs.canonicalize(Arrays.asList(null, 1, "x"))).isEqualTo("[null,1,\"x\"]");
    }

    @Test
    void canonicalize_convertsEveryJavaNumberTypeToDouble() {
        List<Object> numbers = new ArrayList<>();
        numbers.add(42);
        numbers.add(Integer.MIN_VALUE);
        numbers.add(9007199254740993L); // 2^53 + 1 is not a double: rounds to 2^53
        numbers.add(Long.MIN_VALUE);
        numbers.add((short) -7);
        numbers.add((byte) 127);
        numbers.add(0.1f);
        numbers.add(-0.0);
        numbers.add(1e21);
        numbers.add(BigInteger.TWO.pow(64));
        numbers.add(BigInteger.valueOf(-5));
        numbers.add(new BigDecimal("0.1"));
        numbers.add(new BigDecimal("1E+2"));
        numbers.add(new BigDecimal("123456789.123456789123"));

        assertThat(Jcs.canonicalize(numbers)).isEqualTo("[42,-2147483648,9007199254740992,-9223372036854776000,"
                + "-7,127,0.10000000149011612,0,1e+21,18446744073709552000,-5,0.1,100,123456789.12345679]");
    }

    @Test
    void canonicalize_rejectsNonFiniteNumbers() {
        for (Number bad : List.<Number>of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Float.NaN, Float.NEGATIVE_INFINITY, new BigDecimal("1e400"), BigInteger.TEN.pow(400))) {
            assertThatThrownBy(() -> Jcs.canonicalize(List.of(bad))).as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void canonicalize_rejectsNonStringKeys() {
        Map<Object, Object> intKey = new HashMap<>();
        intKey.put(1, "one");
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "none");

        assertThatThrownBy(() -> Jcs.canonicalize(intKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> Jcs.canonicalize(nullKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void canonicalize_rejectsDuplicateKeysOfIdentityMaps() {
        Map<String, Object> map = new IdentityHashMap<>();
        map.put("a", 1);
        map.put(new String("a"), 2);
        assertThatThrownBy(() -> Jcs.canonicalize(map)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
    }

    @Test
    void canonicalize_rejectsUnsupportedClassesNamingThem() {
        for (Object bad : List.of(new Object(), 'c', UUID.randomUUID(), new AtomicInteger(1), new int[0])) {
            assertThatThrownBy(() -> Jcs.canonicalize(Map.of("v", bad))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.getClass().getName());
        }
    }

    @Test
    void canonicalize_rejectsCyclesInsteadOfOverflowingTheStack() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Jcs.canonicalize(cycle)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting deeper than 1000");
    }

    @Test
    void write_appendsToTheGivenBuilder() {
        StringBuilder out = new StringBuilder("prefix:");
        Jcs.write(Map.of("b", 2.5, "a", List.of(1, "x")), out);
        assertThat(out).hasToString("prefix:{\"a\":[1,\"x\"],\"b\":2.5}");
    }

    @Test
    void canonicalizeText_parsesStrictlyThenCanonicalizes() {
        assertThat(Jcs.canonicalizeJson("{ \"b\" : 1.50, \"a\" : \"\\u00e9\\/\" }")).isEqualTo("{\"a\":\"é/\",\"b\":1.5}");
        assertThat(Jcs.canonicalizeJson("[".repeat(1000) + "]".repeat(1000))).hasSize(2000);
        assertThatThrownBy(() -> Jcs.canonicalizeJson("{\"a\":1,\"a\":1}")).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> Jcs.canonicalizeJson("[".repeat(1001) + "]".repeat(1001)))
                .isInstanceOf(JsonParseException.class);
    }

    @Property(tries = 1_000)
    void canonicalize_isStableThroughParseAndPreservesValues(@ForAll("jsonValues") Object value) {
        String canonical = Jcs.canonicalize(value);
        Object reparsed = Json.parse(canonical, 100);

        assertThat(Jcs.canonicalize(reparsed)).isEqualTo(canonical);
        assertThat(Jcs.canonicalizeJson(canonical)).isEqualTo(canonical);
        assertSameJson(reparsed, value);
    }

    @Provide
    Arbitrary<Object> jsonValues() {
        return Arbitraries.recursive(JcsTest::scalars, JcsTest::containers, 0, 4);
    }

    private static Arbitrary<Object> scalars() {
        Arbitrary<Double> doubles = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        return Arbitraries.<Object>oneOf(validStrings(6), Arbitraries.longs(), doubles, Arbitraries.integers(),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE), Arbitraries.just(null));
    }

    /** Strings of valid Unicode: any BMP char except surrogates, sometimes with one non-BMP code point. */
    private static Arbitrary<String> validStrings(int maxLength) {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(maxLength / 2);
        Arbitrary<String> astral = Arbitraries.integers().between(0x10000, 0x10ffff).map(Character::toString);
        return Combinators.combine(bmp, astral.injectNull(0.7), bmp).as((a, b, c) -> a + (b == null ? "" : b) + c);
    }

    private static Arbitrary<Object> containers(Arbitrary<Object> element) {
        Arbitrary<Object> lists = element.list().ofMaxSize(4).map(l -> new ArrayList<>(l));
        Arbitrary<Object> maps = Arbitraries.maps(validStrings(4), element.injectNull(0.1)).ofMaxSize(4)
                .map(m -> new HashMap<>(m));
        return Arbitraries.oneOf(lists, maps);
    }

    /** Same JSON value, numbers compared as doubles (what JCS preserves). */
    private static void assertSameJson(Object actual, Object expected) {
        if (expected instanceof Number n) {
            assertThat(actual).isInstanceOf(Number.class);
            double e = n.doubleValue();
            assertThat(((Number) actual).doubleValue()).isEqualTo(e == 0 ? 0.0 : e);
        } else if (expected instanceof Map<?, ?> m) {
            assertThat(actual).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) actual).keySet()).isEqualTo(m.keySet());
            m.forEach((k, v) -> assertSameJson(((Map<?, ?>) actual).get(k), v));
        } else if (expected instanceof List<?> l) {
            assertThat(actual).isInstanceOf(List.class);
            assertThat((List<?>) actual).hasSameSizeAs(l);
            for (int i = 0; i < l.size(); i++) {
                assertSameJson(((List<?>) actual).get(i), l.get(i));
            }
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }
}
