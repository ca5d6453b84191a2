package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainTip;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileAuditStoreProviderTest {

    static final String PREFIX = "custody.storage.primary.properties.";

    @TempDir
    Path home;

    FileAuditStoreProvider provider = new FileAuditStoreProvider();

    @Test
    void isFoundByServiceLoaderAsFile() {
        ProviderRegistry<AuditStoreProvider> registry =
                ProviderRegistry.load(AuditStoreProvider.class, getClass().getClassLoader(), "audit store backend");

        assertThat(provider.name()).isEqualTo("file");
        assertThat(registry.get("file")).isInstanceOf(FileAuditStoreProvider.class);
    }

    @Test
    void withoutDir_storesUnderHomeRecords() throws IOException {
        try (AuditStore store = provider.create(ProviderConfig.empty(PREFIX), ProviderContext.of(home))) {
            TestChain chain = TestChain.of("n", "t");
            store.append(chain.chain, ChainTip.GENESIS, chain.next(1));

            assertThat(((FileAuditStore) store).directory()).isEqualTo(home.resolve("records").toRealPath());
            assertThat(Files.exists(home.resolve("records/n/t/2026-11-23.jsonl"))).isTrue();
        }
    }

    @Test
    void withDir_storesThereCreatingIt() throws IOException {
        Path dir = home.resolve("elsewhere/deeper");
        ProviderConfig config = ProviderConfig.of(PREFIX, Map.of("dir", dir.toString()));

        try (AuditStore store = provider.create(config, ProviderContext.of(home))) {
            assertThat(((FileAuditStore) store).directory()).isEqualTo(dir.toRealPath());
        }
    }

    @Test
    void maxOpenChains_boundsTheChainsHeldOpen_byDefault1024() {
        ProviderConfig two = ProviderConfig.of(PREFIX, Map.of("dir", home.resolve("two").toString(), "max-open-chains", "2"));
        ProviderConfig unset = ProviderConfig.of(PREFIX, Map.of("dir", home.resolve("unset").toString()));
        for (ProviderConfig config : List.of(two, unset)) {
            try (AuditStore store = provider.create(config, ProviderContext.of(home))) {
                for (int i = 0; i < 5; i++) {
                    TestChain chain = TestChain.of("n", "t-" + i);
                    store.append(chain.chain, ChainTip.GENESIS, chain.next(1));
                }
                assertThat(((FileAuditStore) store).openChains()).isEqualTo(config == two ? 2 : 5);
                assertThat(store.chains()).hasSize(5);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "many", "2.5"})
    void rejectsAMaxOpenChainsThatIsNotAPositiveInteger(String value) {
        ProviderConfig config = ProviderConfig.of(PREFIX, Map.of("dir", home.toString(), "max-open-chains", value));

        assertThatThrownBy(() -> provider.create(config, ProviderContext.of(home)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for " + PREFIX + "max-open-chains=" + value + ": must be");
    }

    @Test
    void rejectsUnknownKeys() {
        ProviderConfig config = ProviderConfig.of(PREFIX, Map.of("dir", home.toString(), "director", "x"));

        assertThatThrownBy(() -> provider.create(config, ProviderContext.of(home)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(PREFIX + "director");
    }

    @Test
    void rejectsADirThatIsNotAWritableDirectory() throws IOException {
        Path file = Files.writeString(home.resolve("a-file"), "x");
        ProviderConfig onFile = ProviderConfig.of(PREFIX, Map.of("dir", file.toString()));
        ProviderConfig underFile = ProviderConfig.of(PREFIX, Map.of("dir", file.resolve("sub").toString()));

        assertThatThrownBy(() -> provider.create(onFile, ProviderContext.of(home)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for " + PREFIX + "dir=" + file + ": must be a writable directory");
        assertThatThrownBy(() -> provider.create(underFile, ProviderContext.of(home)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(PREFIX + "dir=");
    }
}
