package dev.custody.adapters.tink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.KeyStore;
import dev.custody.ports.KeysetStatus;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key directory written by the earlier key store (one {@code <name>.keyset.json} per keyset, fixture
 * {@code fixtures/keysets-as-files}) opens with this one: its keysets move into {@code keysets.dat}, everything
 * sealed before still opens, and a subject can be erased.
 */
class TinkKeyStoreMigrationTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/keysets-as-files");

    @TempDir
    Path home;

    private List<String> vectors;

    @BeforeEach
    void copyFixture() throws IOException {
        Path keys = Files.createDirectories(home.resolve("keys"));
        try (Stream<Path> files = Files.list(FIXTURE.resolve("keys"))) {
            for (Path f : files.toList()) {
                Files.copy(f, keys.resolve(f.getFileName()));
            }
        }
        // git keeps no modes: the master key as the earlier version left it, owner-only
        Files.setPosixFilePermissions(keys.resolve("master-key.json"), PosixFilePermissions.fromString("rw-------"));
        vectors = Files.readAllLines(FIXTURE.resolve("vectors.txt"));
    }

    private KeyStore open() {
        return ProviderRegistry.load(KeyStoreProvider.class, getClass().getClassLoader(), "key store").get("tink")
                .create(ProviderConfig.of("custody.keys.properties.", Map.of()), ProviderContext.of(home));
    }

    @Test
    void keysetFilesOfTheEarlierVersion_moveIntoTheKeysetFile_andEverythingSealedStillOpens() throws Exception {
        try (KeyStore keys = open()) {
            assertThat(keys.status()).extracting(KeysetStatus::name).containsExactly("custody-service-pseudonym",
                    "store.encrypted-file", "subject-00000000000000000000000000000b0b",
                    "subject-fedcba9876543210fedcba9876543210", "subject-prf-0123456789abcdef0123456789abcdef");
            assertThat(keys.status().get(1).keys()).as("the rotated keyset keeps both keys").hasSize(2);
            assertEveryVectorOpens(keys, List.of());
        }
        assertThat(keyFiles()).containsExactlyInAnyOrder(".lock", "keysets.dat", "master-key.json");
        try (KeyStore keys = open()) {
            assertEveryVectorOpens(keys, List.of());
        }
    }

    @Test
    void aSubjectOfTheEarlierVersion_canBeErased_andStaysErasedAfterARestart() throws Exception {
        String erased = "subject-fedcba9876543210fedcba9876543210";
        try (KeyStore keys = open()) {
            assertThat(keys.destroy(erased)).isTrue();
            assertThat(keys.destroy("subject-prf-0123456789abcdef0123456789abcdef")).isTrue();
            assertThat(keys.existing(erased)).isEmpty();
            assertEveryVectorOpens(keys, List.of(erased, "subject-prf-0123456789abcdef0123456789abcdef"));
        }
        byte[] file = Files.readAllBytes(home.resolve("keys/keysets.dat"));
        byte[] legacy = Files.readAllBytes(FIXTURE.resolve("keys/" + erased + ".keyset.json"));
        String wrapped = new String(legacy, StandardCharsets.UTF_8).replaceAll("(?s).*\"encryptedKeyset\":\\s*\"([^\"]+)\".*", "$1");
        assertThat(KeysetFileBytes.indexOf(file, wrapped.getBytes(StandardCharsets.US_ASCII))).as("its wrapped keyset is gone")
                .isNegative();
        try (KeyStore keys = open()) {
            assertThat(keys.existing(erased)).isEmpty();
            assertEveryVectorOpens(keys, List.of(erased, "subject-prf-0123456789abcdef0123456789abcdef"));
        }
    }

    @Test
    void aMigrationInterruptedAfterTheEntriesWereSynced_finishesAtTheNextOpen_withoutDuplicates() throws Exception {
        try (KeyStore keys = open()) {
            keys.status();
        }
        // as if the crash came before the files were overwritten: two of them are still there
        for (String name : List.of("store.encrypted-file", "custody-service-pseudonym")) {
            Files.copy(FIXTURE.resolve("keys/" + name + ".keyset.json"), home.resolve("keys/" + name + ".keyset.json"));
        }
        long size = Files.size(home.resolve("keys/keysets.dat"));
        try (KeyStore keys = open()) {
            assertThat(keys.status()).hasSize(5);
            assertEveryVectorOpens(keys, List.of());
        }
        assertThat(Files.size(home.resolve("keys/keysets.dat"))).as("nothing appended twice").isEqualTo(size);
        assertThat(keyFiles()).containsExactlyInAnyOrder(".lock", "keysets.dat", "master-key.json");
    }

    private void assertEveryVectorOpens(KeyStore keys, List<String> erased) {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        for (String line : vectors) {
            String[] f = line.split(" ");
            if (erased.contains(f[1])) {
                assertThat(f[0].equals("aead") ? keys.existing(f[1]).isPresent() : keys.existingPrf(f[1]).isPresent())
                        .as(f[1] + " is erased").isFalse();
            } else if (f[0].equals("aead")) {
                assertThat(keys.existing(f[1]).orElseThrow().decrypt(b64.decode(f[4]), b64.decode(f[2])))
                        .as(line).isEqualTo(b64.decode(f[3]));
            } else {
                assertThat(HexFormat.of().formatHex(keys.existingPrf(f[1]).orElseThrow()
                        .compute(f[2].getBytes(StandardCharsets.UTF_8), 16))).as(line).isEqualTo(f[3]);
            }
        }
    }

    private List<String> keyFiles() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("keys"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
