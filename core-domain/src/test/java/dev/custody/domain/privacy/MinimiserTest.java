package dev.custody.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.config.PrivacyConfig.KindRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinimiserTest {

    private static final Map<String, Object> PAYLOAD = Map.of(
            "prompt", "hello", "debug", Map.of("trace", "t-1", "host", "h"), "user", Map.of("email", "a@b.c", "plan", "pro"),
            "items", List.of("x", "y"), "tokens", 42L);

    @Test
    void allowList_keepsOnlyTheListedFields_andDenyRemovesAfterwards() {
        Minimiser m = new Minimiser(Map.of("llm_call", new KindRule(
                List.of(PayloadPointer.parse("/payload/prompt"), PayloadPointer.parse("/payload/user/plan"),
                        PayloadPointer.parse("/payload/items"), PayloadPointer.parse("/payload/absent")),
                List.of(PayloadPointer.parse("/payload/prompt")))), List.of());
        assertThat(m.apply("llm_call", PAYLOAD)).isEqualTo(Map.of("user", Map.of("plan", "pro"), "items", List.of("x", "y")));
        assertThat(m.apply("decision", PAYLOAD)).as("other kinds untouched").isSameAs(PAYLOAD);
        assertThat(m.apply("llm_call", null)).isNull();
    }

    @Test
    void denyList_removesNestedFieldsAndArrayElements_withoutTouchingTheInput() {
        Minimiser m = new Minimiser(Map.of("llm_call", new KindRule(List.of(),
                List.of(PayloadPointer.parse("/payload/debug/trace"), PayloadPointer.parse("/payload/items/0")))), List.of());
        Map<String, Object> out = m.apply("llm_call", PAYLOAD);
        assertThat(out.get("debug")).isEqualTo(Map.of("host", "h"));
        assertThat(out.get("items")).isEqualTo(List.of("y"));
        assertThat(PAYLOAD.get("items")).isEqualTo(List.of("x", "y"));
    }

    @Test
    void pointers_mustPointIntoThePayload_andEscapesAreDecoded() {
        assertThatThrownBy(() -> PayloadPointer.parse("/actor/id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadPointer.parse("/payload/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadPointer.parse("/payload/a~2")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PayloadPointer.parse("/payload/a~1b/c~0d").tokens()).containsExactly("a/b", "c~d");
    }

    @Test
    void cardNumberRedactor_masksLuhnValidNumbersEverywhere_andLeavesOtherDigitsAlone() {
        Minimiser m = new Minimiser(Map.of(), List.of(new CardNumberRedactor()));
        Map<String, Object> out = m.apply("decision", Map.of("note", "paid with 4111 1111 1111 1111 on order 1234567890123",
                "cards", List.of("5500-0000-0000-0004"), "n", 4111111111111111L));
        assertThat(out.get("note")).isEqualTo("paid with ************1111 on order 1234567890123");
        assertThat(out.get("cards")).isEqualTo(List.of("************0004"));
        assertThat(out.get("n")).as("numbers are not strings: configure a deny list for them").isEqualTo(4111111111111111L);
        Map<String, Object> clean = Map.of("note", "nothing here");
        assertThat(m.apply("decision", clean)).isSameAs(clean);
    }
}
