package dev.custody.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest {

    private static final String EVENT = """
            {"id":"0190f3c2-7b1e-7cc0-9d2a-5b8e1f0a3c4d","tenant":"acme","stream":"billing",\
            "occurred_at":"2025-01-15T10:23:45.123456Z","actor":{"type":"user","id":"u-4821",\
            "display":"Zoë Ångström","ip":"203.0.113.42"},"action":"invoice.update",\
            "target":{"type":"invoice","id":"INV-2025-000123"},"payload":{"amount":1249.99,\
            "currency":"EUR","lines":3,"discount":-0.05,"approved":true,"note":null,\
            "tags":["q1","priority","\\u00e9t\\u00e9 \\ud83d\\ude00"],"items":[{"sku":"A-1","qty":2},\
            {"sku":"B-7","qty":1}],"path":"a\\/b\\\\c\\n"},"trace":{"request_id":"req-8f2c1a",\
            "span":"00f067aa0ba902b7"},"schema":1,"big":9223372036854775807,"exp":1.5e-7}""";

    // --- values ----------------------------------------------------------------------------------

    @Test
    void parse_buildsPlainTreeKeepingMemberOrder() {
        Object tree = Json.parse(" {\"b\":1, \"a\":[true,false,null,\"x\",-2.5,{}]} ");

        assertThat(tree).isInstanceOf(LinkedHashMap.class);
        Map<String, Object> map = obj(tree);
        assertThat(map.keySet()).containsExactly("b", "a");
        assertThat(map.get("b")).isEqualTo(1L);
        assertThat(map.get("a")).isInstanceOf(ArrayList.class);
        assertThat(arr(map.get("a"))).containsExactly(true, false, null, "x", -2.5, Map.of());
    }

    @Test
    void parse_returnsLongOnlyForIntegralLiteralsThatFit() {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808e18);
        assertThat(Json.parse("-9223372036854775809")).isEqualTo(-9.223372036854775809e18);
        assertThat(Json.parse("1.0")).isEqualTo(1.0);
        assertThat(Json.parse("1e2")).isEqualTo(100.0);
        assertThat(Json.parse("1E+2")).isEqualTo(100.0);
        assertThat(Json.parse("-0.0")).isEqualTo(-0.0);
        assertThat(Json.parse("0e-400")).isEqualTo(0.0);
        assertThat(Json.parse("2.5e-324")).isEqualTo(Double.MIN_VALUE); // rounds up, not to zero
        assertThat(Json.parse("1.7976931348623157e308")).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void parse_decodesEscapesAndSurrogatePairs() {
        assertThat(Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\"")).isEqualTo("\"\\/\b\f\n\r\tAé€");
        assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("😀");
        assertThat(Json.parse("\"x\\uD834\\uDD1Ey\"")).isEqualTo("x𝄞y");
        assertThat(Json.parse("\"raw 😀 pair\"")).isEqualTo("raw 😀 pair");
        assertThat(Json.parse("\"\\n then raw 😀\"")).isEqualTo("\n then raw 😀");
        assertThat(Json.parse("\"\u007f\u2028\"")).isEqualTo("\u007f\u2028");
    }

    @Test
    void parse_unescapedStringIsASubstringOfTheInput() {
        String text = "[\"plain\"]";
        assertThat(((List<?>) Json.parse(text)).get(0)).isEqualTo("plain");
    }

    @Test
    void parse_roundTripsARealisticAuditEvent() {
        assertThat(EVENT.length()).isBetween(550, 800);

        Map<String, Object> event = obj(Json.parse(EVENT));

        assertThat(event.keySet()).startsWith("id", "tenant", "stream", "occurred_at");
        Map<String, Object> payload = obj(event.get("payload"));
        assertThat(payload.get("amount")).isEqualTo(1249.99);
        assertThat(payload.get("lines")).isEqualTo(3L);
        assertThat(payload.containsKey("note")).isTrue();
        assertThat(payload.get("note")).isNull();
        assertThat(arr(payload.get("tags"))).containsExactly("q1", "priority", "été 😀");
        assertThat(payload.get("path")).isEqualTo("a/b\\c\n");
        assertThat(((Map<?, ?>) event.get("actor")).get("display")).isEqualTo("Zoë Ångström");
        assertThat(event.get("big")).isEqualTo(Long.MAX_VALUE);

        String canonical = Jcs.canonicalizeJson(EVENT);
        Object reparsed = Json.parse(canonical);
        assertThat(Jcs.canonicalize(reparsed)).isEqualTo(canonical);
        assertThat(((Map<?, ?>) reparsed).get("payload")).isEqualTo(payload);
        assertThat(canonical).startsWith("{\"action\":\"invoice.update\",\"actor\":{\"display\":\"Zoë Ångström\"")
                .contains("\"big\":9223372036854776000", "\"exp\":1.5e-7", "\"path\":\"a/b\\\\c\\n\"");
    }

    @Test
    void parse_acceptsAllJsonWhitespaceOnly() {
        assertThat(Json.parse(" \t\r\n[ 1 ,\t2 ]\n")).isEqualTo(List.of(1L, 2L));
        assertRejected("\u00a0[]", "unexpected character U+00A0", "", 0);
        assertRejected("\ufeff[]", "unexpected character U+FEFF", "", 0);
    }

    // --- rejections ------------------------------------------------------------------------------

    @Test
    void parse_rejectsDuplicateKeysNamingTheKey() {
        String text = "{\"payload\":{\"a\":1,\"a\":2}}";
        JsonParseException e = assertRejected(text, "duplicate key \"a\"", "/payload", text.indexOf("\"a\":2"));
        assertThat(e).hasMessage("duplicate key \"a\" at /payload (offset 18)");
        assertRejected("{\"x\":null,\"x\":null}", "duplicate key \"x\"", "", 10);
        assertRejected("{\"\\u0061\":1,\"a\":2}", "duplicate key \"a\"", "", 12);
    }

    @Test
    void parse_rejectsNestingDeeperThanMaxDepth() {
        assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isNotNull();
        assertRejected("[".repeat(65) + "]".repeat(65), "nesting deeper than 64", "/0".repeat(64), 64);
        assertRejected("{\"a\":{\"b\":[]}}", 2, "nesting deeper than 2", "/a/b", 10);
        assertThat(Json.parse("7", 0)).isEqualTo(7L);
        assertRejected("[]", 0, "nesting deeper than 0", "", 0);
        assertThatThrownBy(() -> Json.parse("[]", -1)).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(JsonParseException.class);
    }

    @Test
    void parse_rejectsANumberLiteralLongerThanMaxNumberChars_namingWhereItStarts() {
        String at = "1." + "0".repeat(98);
        assertThat(Json.parse("{\"n\":" + at + "}", 2, 100)).isEqualTo(Map.of("n", 1.0));
        JsonParseException e = catchThrowableOfType(JsonParseException.class,
                () -> Json.parse("{\"n\":[" + at + "0]}", 2, 100));
        assertThat(e.getMessage()).startsWith("number literal of 101 characters, more than the limit of 100");
        assertThat(e.pointer()).isEqualTo("/n/0");
        assertThat(e.offset()).isEqualTo(6);
        assertThat(Json.parse("[" + "9".repeat(5000) + "e-5000]")).as("unlimited by default").isNotNull();
        assertThatThrownBy(() -> Json.parse("1", 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parse_survivesHundredThousandLevelsWithoutStackOverflow() {
        int levels = 100_000;
        String open = "[".repeat(levels);
        String balanced = open + "]".repeat(levels);

        JsonParseException e = catchThrowableOfType(JsonParseException.class, () -> Json.parse(balanced));
        assertThat(e.getMessage()).startsWith("nesting deeper than 64");
        assertThat(e.offset()).isEqualTo(64);

        assertRejected("{\"a\":".repeat(levels), Integer.MAX_VALUE, "unexpected end of input", null, levels * 5);

        Object deep = Json.parse(balanced, Integer.MAX_VALUE);
        int depth = 0;
        for (Object node = deep; node instanceof List<?> list; node = list.isEmpty() ? null : list.get(0)) {
            depth++;
        }
        assertThat(depth).isEqualTo(levels);
        assertThatThrownBy(() -> Jcs.canonicalize(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting deeper than 1000");
    }

    @Test
    void parse_rejectsTrailingContent() {
        assertRejected("1 2", "trailing content", "", 2);
        assertRejected("{} x", "trailing content", "", 3);
        assertRejected("[]]", "trailing content", "", 2);
        assertRejected("truex", "trailing content", "", 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t\r "})
    void parse_rejectsEmptyInput(String text) {
        assertRejected(text, "empty input", "", text.length());
    }

    @Test
    void parse_rejectsUnescapedControlCharacters() {
        assertRejected("\"a\u0001b\"", "unescaped control character U+0001", "", 2);
        assertRejected("[\"tab\there\"]", "unescaped control character U+0009", "/0", 5);
        assertRejected("{\"k\":\"\\n\n\"}", "unescaped control character U+000A", "/k", 8);
        assertRejected("{\"a\u0000\":1}", "unescaped control character U+0000", "", 3);
    }

    @Test
    void parse_rejectsInvalidEscapes() {
        assertRejected("\"\\x\"", "invalid escape '\\x'", "", 1);
        assertRejected("\"\\'\"", "invalid escape", "", 1);
        assertRejected("[\"\\u12G4\"]", "invalid \\u escape", "/0", 2);
        assertRejected("\"\\u12\"", "invalid \\u escape", "", 1);
        assertRejected("\"\\U0041\"", "invalid escape", "", 1);
        assertRejected("\"\\", "unterminated string", "", 2);
    }

    @Test
    void parse_rejectsEscapesThatLeaveUnpairedSurrogates() {
        assertRejected("\"\\ud83d\"", "unpaired surrogate escape U+D83D", "", 1);
        assertRejected("\"\\ud83dx\"", "unpaired surrogate escape U+D83D", "", 1);
        assertRejected("\"\\ud83d\\u0041\"", "unpaired surrogate escape U+D83D", "", 1);
        assertRejected("\"\\ud83d\\ud83d\"", "unpaired surrogate escape U+D83D", "", 1);
        assertRejected("{\"k\":[\"\\ude00\"]}", "unpaired surrogate escape U+DE00", "/k/0", 7);
        assertRejected("\"\\ude00\\ud83d\"", "unpaired surrogate escape U+DE00", "", 1);
    }

    @Test
    void parse_rejectsUnpairedSurrogatesInTheInputString() {
        assertRejected("\"a\ud800b\"", "unpaired surrogate U+D800", "", 2);
        assertRejected("\"\udc00\"", "unpaired surrogate U+DC00", "", 1);
        assertRejected("\"\\n\ud83d\"", "unpaired surrogate U+D83D", "", 3);
        assertRejected("\"\ud83d", "unpaired surrogate U+D83D", "", 1);
        assertRejected("\ud83d\ude00", "unexpected character U+D83D", "", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-01", "00", "[1,007]"})
    void parse_rejectsLeadingZeros(String text) {
        assertRejected(text, "leading zero", null, -1);
    }

    @Test
    void parse_rejectsMalformedNumbers() {
        assertRejected("+1", "unexpected character '+'", "", 0);
        assertRejected(".5", "unexpected character '.'", "", 0);
        assertRejected("1.", "digit expected after decimal point", "", 2);
        assertRejected("1.e5", "digit expected after decimal point", "", 2);
        assertRejected("1e", "digit expected in exponent", "", 2);
        assertRejected("1e+", "digit expected in exponent", "", 3);
        assertRejected("-", "digit expected in number", "", 1);
        assertRejected("-a", "digit expected in number", "", 1);
        assertRejected("0x10", "trailing content", "", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "[nan]", "{\"a\":-NaN}"})
    void parse_rejectsNanAndInfinityLiterals(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonParseException.class);
    }

    @Test
    void parse_rejectsNumbersOutOfDoubleRange() {
        assertRejected("1e400", "number out of range", "", 0);
        assertRejected("[-1e400]", "number out of range", "/0", 1);
        assertRejected("{\"a\":1e-400}", "number out of range", "/a", 5);
        assertRejected("-1" + "0".repeat(400), "number out of range", "", 0);
        assertRejected("2e-324", "number out of range", "", 0);
    }

    @Test
    void parse_rejectsInvalidLiteralsAndStructure() {
        assertRejected("tru", "invalid literal", "", 0);
        assertRejected("[True]", "unexpected character 'T'", "/0", 1);
        assertRejected("{\"a\" 1}", "expected ':'", "", 5);
        assertRejected("{\"a\":1,}", "expected string key", "", 7);
        assertRejected("{1:2}", "expected string key", "", 1);
        assertRejected("[1,]", "unexpected character ']'", "/1", 3);
        assertRejected("[1 2]", "expected ',' or ']'", "", 3);
        assertRejected("{\"a\":1 \"b\":2}", "expected ',' or '}'", "", 7);
        assertRejected("[1,{\"a\":[", "unexpected end of input", "/1/a/0", 9);
        assertRejected("\"abc", "unterminated string", "", 4);
        assertRejected("'a'", "unexpected character '''", "", 0);
    }

    @Test
    void parse_reportsRfc6901PointerWithEscapedKeys() {
        assertRejected("{\"payload\":{\"items\":[1,2,3,01]}}", "leading zero", "/payload/items/3", 27);
        assertRejected("{\"a/b\":{\"m~n\":[tru]}}", "invalid literal", "/a~1b/m~0n/0", 15);
        assertRejected("{\"\":[{}, x]}", "unexpected character 'x'", "//1", 9);
    }

    @Test
    void parse_rejectsNullText() {
        assertThatThrownBy(() -> Json.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> arr(Object value) {
        return (List<Object>) value;
    }

    private static JsonParseException assertRejected(String text, String reason, String pointer, int offset) {
        return assertRejected(text, Json.DEFAULT_MAX_DEPTH, reason, pointer, offset);
    }

    /** Asserts rejection with the reason; pointer null and offset -1 mean "not checked". */
    private static JsonParseException assertRejected(String text, int maxDepth, String reason, String pointer, int offset) {
        JsonParseException e = catchThrowableOfType(JsonParseException.class, () -> Json.parse(text, maxDepth));
        assertThat(e).as("parse of %s should fail", text.length() > 80 ? text.substring(0, 80) + "..." : text).isNotNull();
        assertThat(e.getMessage()).startsWith(reason).endsWith("(offset " + e.offset() + ")");
        if (pointer != null) {
            assertThat(e.pointer()).as("pointer in %s", e.getMessage()).isEqualTo(pointer);
        }
        if (offset >= 0) {
            assertThat(e.offset()).as("offset in %s", e.getMessage()).isEqualTo(offset);
        }
        return e;
    }
}
