package dev.custody.adapters.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.KeyStore;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.KeysetPrf;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-subject keysets: PRF keysets for keyed pseudonyms, and destruction that leaves nothing to reopen. */
class TinkSubjectKeysetsTest {

    @TempDir
    Path home;

    private KeyStore open() {
        return ProviderRegistry.load(KeyStoreProvider.class, getClass().getClassLoader(), "key store").get("tink")
                .create(ProviderConfig.of("custody.keys.properties.", Map.of()), ProviderContext.of(home));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void prf_isDeterministicPerKeyset_survivesRestart_andDiffersBetweenKeysets() {
        byte[] first;
        try (KeyStore keys = open()) {
            KeysetPrf prf = keys.prf("subject-prf-a");
            first = prf.compute(bytes("alice"), 16);
            assertThat(prf.compute(bytes("alice"), 16)).isEqualTo(first);
            assertThat(keys.prf("subject-prf-b").compute(bytes("alice"), 16)).isNotEqualTo(first);
            assertThat(keys.existingPrf("never-made")).isEmpty();
            assertThatThrownBy(() -> prf.compute(bytes("x"), 8)).isInstanceOf(IllegalArgumentException.class);
        }
        try (KeyStore again = open()) {
            assertThat(again.existingPrf("subject-prf-a").orElseThrow().compute(bytes("alice"), 16)).isEqualTo(first);
        }
    }

    @Test
    void prfAndAeadKeysets_areNotInterchangeable_andPrfKeysetsDoNotRotate() {
        try (KeyStore keys = open()) {
            keys.prf("p");
            keys.cipher("c");
            assertThatThrownBy(() -> keys.cipher("p")).isInstanceOf(KeyStoreException.class).hasMessageContaining("not an AEAD");
            assertThatThrownBy(() -> keys.prf("c")).isInstanceOf(KeyStoreException.class).hasMessageContaining("not a PRF");
            assertThatThrownBy(() -> keys.rotate("p")).isInstanceOf(KeyStoreException.class);
        }
    }

    @Test
    void destroy_erasesTheEntryInPlace_theHandedOutPrimitivesStop_andARestartCannotReopen() throws Exception {
        byte[] sealed;
        Path file = home.resolve("keys/keysets.dat");
        try (KeyStore keys = open()) {
            KeysetCipher c = keys.cipher("subject-x");
            KeysetPrf p = keys.prf("subject-prf-x");
            sealed = c.encrypt(bytes("personal"), bytes("ad"));
            byte[] aeadEntry = KeysetFileBytes.body(Files.readAllBytes(file), "subject-x");
            byte[] prfEntry = KeysetFileBytes.body(Files.readAllBytes(file), "subject-prf-x");

            assertThat(keys.destroy("subject-x")).isTrue();
            assertThat(keys.destroy("subject-prf-x")).isTrue();
            assertThat(keys.destroy("subject-x")).as("idempotent").isFalse();

            assertThatThrownBy(() -> c.decrypt(sealed, bytes("ad"))).isInstanceOf(KeyStoreException.class)
                    .hasMessageContaining("destroyed");
            assertThatThrownBy(() -> p.compute(bytes("alice"), 16)).isInstanceOf(KeyStoreException.class);
            assertThat(keys.existing("subject-x")).isEmpty();
            assertThat(keys.existingPrf("subject-prf-x")).isEmpty();
            byte[] after = Files.readAllBytes(file);
            assertThat(KeysetFileBytes.indexOf(after, aeadEntry)).as("the wrapped AEAD keyset is gone from the file").isNegative();
            assertThat(KeysetFileBytes.indexOf(after, prfEntry)).as("the wrapped PRF keyset is gone from the file").isNegative();
            assertThat(KeysetFileBytes.indexOf(after, bytes("subject-x"))).as("and so are the names").isNegative();
            try (Stream<Path> left = Files.list(home.resolve("keys"))) {
                assertThat(left.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("master-key.json",
                        "keysets.dat", ".lock");
            }
        }
        try (KeyStore again = open()) {
            assertThat(again.existing("subject-x")).isEmpty();
            // creating the name again makes a new key that cannot open the old ciphertext
            assertThatThrownBy(() -> again.cipher("subject-x").decrypt(sealed, bytes("ad"))).isInstanceOf(KeyStoreException.class);
        }
    }
}
