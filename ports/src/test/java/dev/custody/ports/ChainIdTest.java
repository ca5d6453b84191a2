package dev.custody.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "..", ".", "a/b", "a\\b", "A", "Acme", "", " ", "a b", "a;drop table x",
            "a'--", "%2e%2e", "a\u0000", "-a", "_a", "é", "a\nb"})
    void rejectsHostileNames(String name) {
        assertThatThrownBy(() -> ChainId.of(name, "acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("namespace must match");
        assertThatThrownBy(() -> ChainId.of("billing", name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tenant must match");
    }

    @Test
    void rejectsOverlongNamesAndNull() {
        assertThatThrownBy(() -> ChainId.of("a".repeat(64), "t")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ChainId.of("a".repeat(63), "t").namespace()).hasSize(63);
        assertThatThrownBy(() -> ChainId.of(null, "t")).isInstanceOf(NullPointerException.class)
                .hasMessage("namespace is null");
    }

    @Test
    void controlCharactersAreNotEchoedInMessages() {
        assertThatThrownBy(() -> ChainId.of("a\u001b[31m", "t")).hasMessageNotContaining("\u001b");
    }

    @Test
    void acceptsTheDocumentedAlphabetAndOrders() {
        ChainId id = ChainId.of("billing.v2", "acme_eu-1");
        assertThat(id.toString()).isEqualTo("billing.v2/acme_eu-1");
        assertThat(ChainId.of("a", "b")).isLessThan(ChainId.of("a", "c")).isLessThan(ChainId.of("b", "a"));
    }
}
