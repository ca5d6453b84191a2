package dev.custody.adapters.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.KeyStore;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.KeysetStatus;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinkKeyStoreTest {

    private static final byte[] AD = "chain billing/acme seq 1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path home;

    private KeyStore open(Map<String, String> properties) {
        return ProviderRegistry.load(KeyStoreProvider.class, getClass().getClassLoader(), "key store").get("tink")
                .create(ProviderConfig.of("custody.keys.properties.", properties), ProviderContext.of(home));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void firstStart_createsAnOwnerOnlyMasterKey_andKeysetsSurviveARestart() throws Exception {
        byte[] sealed;
        try (KeyStore keys = open(Map.of())) {
            Path master = home.resolve("keys/master-key.json");
            assertThat(master).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(master))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("keys")))).isEqualTo("rwx------");
            assertThat(keys.describe()).contains("local master key").doesNotContain("AES");
            sealed = keys.cipher("store").encrypt(bytes("secret record"), AD);
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret record");
            Path keysets = home.resolve("keys/keysets.dat");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysets))).isEqualTo("rw-------");
        }
        try (KeyStore again = open(Map.of())) {
            assertThat(again.existing("store")).isPresent();
            assertThat(again.cipher("store").decrypt(sealed, AD)).isEqualTo(bytes("secret record"));
        }
    }

    @Test
    void associatedDataAndTampering_areRefused() {
        try (KeyStore keys = open(Map.of())) {
            KeysetCipher c = keys.cipher("store");
            byte[] sealed = c.encrypt(bytes("x"), AD);
            assertThatThrownBy(() -> c.decrypt(sealed, bytes("chain billing/acme seq 2")))
                    .isInstanceOf(KeyStoreException.class).hasMessageContaining("keyset store: decryption failed");
            sealed[sealed.length - 1] ^= 1;
            assertThatThrownBy(() -> c.decrypt(sealed, AD)).isInstanceOf(KeyStoreException.class);
            byte[] other = keys.cipher("other").encrypt(bytes("x"), AD);
            assertThatThrownBy(() -> c.decrypt(other, AD)).isInstanceOf(KeyStoreException.class);
        }
    }

    @Test
    void rotation_addsAPrimaryKey_andEverythingSealedBeforeStillOpens() {
        try (KeyStore keys = open(Map.of())) {
            KeysetCipher c = keys.cipher("store");
            byte[] before = c.encrypt(bytes("old"), AD);
            long firstKey = keys.status().get(0).primaryKeyId();
            KeysetStatus rotated = keys.rotate("store");
            assertThat(rotated.keys()).hasSize(2);
            assertThat(rotated.primaryKeyId()).isNotEqualTo(firstKey);
            assertThat(rotated.keys()).allMatch(k -> k.state().equals("enabled"));
            byte[] after = c.encrypt(bytes("new"), AD);
            assertThat(keyId(after)).isEqualTo(rotated.primaryKeyId());
            assertThat(keyId(before)).isEqualTo(firstKey);
            assertThat(c.decrypt(before, AD)).isEqualTo(bytes("old"));
            assertThat(c.decrypt(after, AD)).isEqualTo(bytes("new"));
        }
        try (KeyStore again = open(Map.of())) {
            assertThat(again.status()).singleElement().satisfies(s -> assertThat(s.keys()).hasSize(2));
        }
    }

    @Test
    void destroy_makesTheKeysetUnusableForever() {
        try (KeyStore keys = open(Map.of())) {
            KeysetCipher c = keys.cipher("subject-1");
            byte[] sealed = c.encrypt(bytes("personal"), AD);
            assertThat(keys.destroy("subject-1")).isTrue();
            assertThatThrownBy(() -> c.decrypt(sealed, AD)).isInstanceOf(KeyStoreException.class).hasMessageContaining("destroyed");
            assertThat(keys.existing("subject-1")).isEmpty();
            assertThat(keys.destroy("subject-1")).isFalse();
            assertThatThrownBy(() -> keys.cipher("subject-1").decrypt(sealed, AD)).isInstanceOf(KeyStoreException.class);
        }
    }

    @Test
    void aReplacedMasterKey_doesNotOpenTheKeysets() throws Exception {
        try (KeyStore keys = open(Map.of())) {
            keys.cipher("store");
        }
        Files.delete(home.resolve("keys/master-key.json"));
        try (KeyStore keys = open(Map.of())) {
            assertThatThrownBy(() -> keys.cipher("store")).isInstanceOf(KeyStoreException.class)
                    .hasMessageContaining("does not open with the key-encryption key");
        }
    }

    @Test
    void masterKeyFromTheEnvironment() throws Exception {
        String json;
        try (KeyStore keys = open(Map.of("master-key-file", home.resolve("mk.json").toString()))) {
            json = Files.readString(home.resolve("mk.json"));
        }
        KeyStoreProvider provider = new TinkKeyStoreProvider(name -> name.equals("MY_KEK") ? json : null);
        ProviderConfig config = ProviderConfig.of("custody.keys.properties.", Map.of("master-key", "env", "master-key-env",
                "MY_KEK", "dir", home.resolve("env-keys").toString()));
        try (KeyStore keys = provider.create(config, ProviderContext.of(home))) {
            assertThat(keys.describe()).contains("environment variable MY_KEK");
            KeysetCipher c = keys.cipher("store");
            assertThat(c.decrypt(c.encrypt(bytes("x"), AD), AD)).isEqualTo(bytes("x"));
        }
        assertThatThrownBy(() -> new TinkKeyStoreProvider(name -> null).create(config, ProviderContext.of(home)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for custody.keys.properties.master-key-env=MY_KEK: the environment variable is not set");
    }

    @Test
    void badConfiguration_namesTheKeyAndValue() throws Exception {
        assertThatThrownBy(() -> open(Map.of("master-key", "vault"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for custody.keys.properties.master-key=vault: must be one of file, env, aws-kms, gcp-kms");
        assertThatThrownBy(() -> open(Map.of("master-key", "aws-kms", "kms-uri", "gcp-kms://projects/p")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for custody.keys.properties.kms-uri=gcp-kms://projects/p: must start with aws-kms://");
        assertThatThrownBy(() -> open(Map.of("master-key", "gcp-kms"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custody.keys.properties.kms-uri");
        assertThatThrownBy(() -> open(Map.of("masterkey", "file"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custody.keys.properties.masterkey");
        Path loose = home.resolve("loose.json");
        try (KeyStore keys = open(Map.of("master-key-file", loose.toString(), "dir", home.resolve("k2").toString()))) {
            keys.status();
        }
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> open(Map.of("master-key-file", loose.toString(), "dir", home.resolve("k2").toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("can be used by group or others (mode rw-r--r--); it must be owner-only (chmod 600)");
        assertThatThrownBy(() -> open(Map.of()).cipher("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMasterKeyUnderTheDataDirectory_isAWarningNamingBothPaths_andOneElsewhereIsNot() throws Exception {
        try (KeyStore keys = open(Map.of())) {
            assertThat(keys.warnings()).singleElement().asString().startsWith("The local master key "
                    + home.resolve("keys/master-key.json") + " is under the data directory " + home + ": ")
                    .endsWith("Keep it elsewhere (custody.keys.properties.master-key-file) or use a KMS "
                            + "(custody.keys.properties.master-key: aws-kms or gcp-kms).");
        }
        Path elsewhere = Files.createTempDirectory("custody-kek-");
        try (KeyStore keys = open(Map.of("master-key-file", elsewhere.resolve("kek.json").toString(),
                "dir", home.resolve("k2").toString()))) {
            assertThat(keys.warnings()).isEmpty();
        } finally {
            Files.deleteIfExists(elsewhere.resolve("kek.json"));
            Files.delete(elsewhere);
        }
    }

    @Test
    void aMasterKeyFileOwnedBySomeoneElse_isRefused() throws Exception {
        Assumptions.assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(home, "unix:uid")),
                "only root can give a file to another user (PrivateFilesTest covers the check itself)");
        Path planted = home.resolve("planted.json");
        try (KeyStore keys = open(Map.of("master-key-file", planted.toString(), "dir", home.resolve("k3").toString()))) {
            keys.status();
        }
        Files.setAttribute(planted, "unix:uid", 4242);
        assertThatThrownBy(() -> open(Map.of("master-key-file", planted.toString(), "dir", home.resolve("k3").toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custody.keys.properties.master-key-file="
                        + planted + ": is owned by").hasMessageContaining("(uid 4242), not by the user this service runs as");
    }

    /** Tink's output prefix: one version byte, then the key id (big-endian). */
    private static long keyId(byte[] ciphertext) {
        return ((ciphertext[1] & 0xffL) << 24) | ((ciphertext[2] & 0xffL) << 16) | ((ciphertext[3] & 0xffL) << 8) | (ciphertext[4] & 0xffL);
    }
}
