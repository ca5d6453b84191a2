package dev.custody.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderConfigTest {

    private static final String PREFIX = "custody.storage.primary.properties.";

    private static ProviderConfig config(Map<String, String> props) {
        return ProviderConfig.of(PREFIX, props);
    }

    @Test
    void typedGettersWithDefaults() {
        ProviderConfig c = config(Map.of("dir", " /data ", "pool-size", "8", "migrate", "TRUE", "timeout", "250ms",
                "keep", "P7D", "blank", "  "));
        assertThat(c.path("dir", Path.of("x"))).isEqualTo(Path.of("/data"));
        assertThat(c.integer("pool-size", 4, 1, 64)).isEqualTo(8);
        assertThat(c.bool("migrate", false)).isTrue();
        assertThat(c.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.duration("keep", Duration.ZERO)).isEqualTo(Duration.ofDays(7));
        assertThat(c.string("blank")).isEmpty();
        assertThat(c.string("absent", "fallback")).isEqualTo("fallback");
        assertThat(c.integer("absent", 4, 1, 64)).isEqualTo(4);
    }

    @Test
    void badValuesNameTheFullKeyAndValue() {
        ProviderConfig c = config(Map.of("pool-size", "many", "migrate", "yes", "timeout", "soon", "n", "0"));
        assertThatThrownBy(() -> c.integer("pool-size")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for " + PREFIX + "pool-size=many: must be an integer");
        assertThatThrownBy(() -> c.bool("migrate")).hasMessage("Invalid value for " + PREFIX + "migrate=yes: must be true or false");
        assertThatThrownBy(() -> c.duration("timeout")).hasMessageStartingWith("Invalid value for " + PREFIX + "timeout=soon");
        assertThatThrownBy(() -> c.integer("n", 4, 1, 64)).hasMessage("Invalid value for " + PREFIX + "n=0: must be between 1 and 64");
        assertThatThrownBy(() -> c.requireString("url")).hasMessage("Missing required property " + PREFIX + "url");
    }

    @Test
    void durationsBeyondWhatADurationHolds_areInvalidValues() {
        ProviderConfig c = config(Map.of("a", "999999999999999d", "b", "P999999999999999D", "c", "9999999999999999s"));
        for (String key : new String[] {"a", "b", "c"}) {
            assertThatThrownBy(() -> c.duration(key)).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid value for " + PREFIX + key + "=");
        }
    }

    @Test
    void unknownKeysAreRejectedNamingThem() {
        ProviderConfig c = config(Map.of("dir", "/x", "dri", "/y"));
        assertThatThrownBy(() -> c.rejectUnknownKeys(Set.of("dir")))
                .hasMessageContaining(PREFIX + "dri").hasMessageContaining("known: [dir]");
    }

    @Test
    void toStringMasksSecrets() {
        ProviderConfig c = config(Map.of("password", "hunter2", "api-token", "t0k", "url", "jdbc:x"));
        assertThat(c.toString()).doesNotContain("hunter2", "t0k").contains("jdbc:x");
    }

    @Test
    void toStringMasksSecretKeys_butNotSelectorsOrPaths() {
        ProviderConfig c = config(Map.of("tls.trust-store-password", "changeit", "hec-token", "t0k3n",
                "client-secret", "s3", "api-key", "ak", "master-key", "file", "token-file", "/run/secrets/t",
                "secret-access-key", "wJalr", "ref-token", "${HEC_TOKEN}"));
        assertThat(c.toString()).doesNotContain("changeit", "t0k3n", "s3,", "=ak", "wJalr")
                .contains("master-key=file", "token-file=/run/secrets/t", "ref-token=${HEC_TOKEN}");
    }

    @Test
    void invalid_neverEchoesASecret() {
        ProviderConfig c = config(Map.of("token", "t0k3n-value", "port", "x"));
        assertThat(c.invalid("token", "t0k3n-value", "must be 32 hex digits").getMessage())
                .isEqualTo("Invalid value for " + PREFIX + "token=****: must be 32 hex digits");
        assertThat(c.invalid("port", "x", "must be a port").getMessage()).isEqualTo("Invalid value for " + PREFIX + "port=x: must be a port");
    }

    @Test
    void secret_inline_fromTheEnvironment_andFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hec-token");
        Files.writeString(file, "from-a-file\n", StandardCharsets.UTF_8);
        assertThat(config(Map.of("token", "inline")).secret("token")).contains("inline");
        // CUSTODY_TEST_SECRET is set by this module's surefire configuration: a real environment variable
        assertThat(config(Map.of("token", "${CUSTODY_TEST_SECRET}")).secret("token")).contains("from-the-environment");
        assertThat(config(Map.of("token-file", file.toString())).secret("token")).contains("from-a-file");
        assertThat(config(Map.of()).secret("token")).isEmpty();
        assertThat(config(Map.of("token-file", file.toString())).requireSecret("token")).isEqualTo("from-a-file");
    }

    @Test
    void secret_failuresNameTheKeyAndNeverTheSecret(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> config(Map.of("token", "${CUSTODY_NOT_SET_ANYWHERE}")).secret("token"))
                .isInstanceOf(ConfigurationException.class).hasMessage("Invalid value for " + PREFIX
                        + "token=${CUSTODY_NOT_SET_ANYWHERE}: the environment variable CUSTODY_NOT_SET_ANYWHERE is not set or empty");
        assertThatThrownBy(() -> config(Map.of("token", "abc", "token-file", empty.toString())).secret("token"))
                .hasMessage("Both " + PREFIX + "token and " + PREFIX + "token-file are set; give the secret one way");
        assertThatThrownBy(() -> config(Map.of("token-file", empty.toString())).secret("token"))
                .hasMessage("Invalid value for " + PREFIX + "token-file=" + empty + ": is empty");
        assertThatThrownBy(() -> config(Map.of("token-file", dir.resolve("nope").toString())).secret("token"))
                .hasMessageStartingWith("Invalid value for " + PREFIX + "token-file=" + dir.resolve("nope") + ": cannot be read");
        assertThatThrownBy(() -> config(Map.of()).requireSecret("token"))
                .hasMessage("Missing required property " + PREFIX + "token (or " + PREFIX + "token-file)");
        assertThatThrownBy(() -> config(Map.of("url", "x")).secret("url")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not named as a secret");
    }

    @Test
    void rejectUnknownKeys_knowsTheFileFormOfEverySecretKey() {
        config(Map.of("url", "x", "token-file", "/t")).rejectUnknownKeys(Set.of("url", "token"));
        assertThatThrownBy(() -> config(Map.of("url-file", "/u")).rejectUnknownKeys(Set.of("url", "token")))
                .hasMessageContaining(PREFIX + "url-file");
    }
}
