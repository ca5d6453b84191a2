package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorePathsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"..,t", "n,..", "a/b,t", "/etc,t", ".hidden,t", "UPPER,t"})
    void chainId_rejectsNamesThatAreNotPlainLowerCaseWords(String namespace, String tenant) {
        assertThatThrownBy(() -> ChainId.of(namespace, tenant)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"..,t", "n,..", "a/../..,t", "/etc,passwd", "a/b,c", ".,t", "n,.", "n,/"})
    void chainDir_refusesAnythingButTwoLevelsUnderTheRoot(String namespace, String tenant) {
        Path root = dir.toAbsolutePath().normalize();

        assertThatThrownBy(() -> StorePaths.chainDir(root, namespace, tenant))
                .isInstanceOf(AuditStoreException.class).hasMessageContaining("refusing to use it");
    }

    @Test
    void chainDir_isNamespaceThenTenant() {
        Path root = dir.toAbsolutePath().normalize();

        assertThat(StorePaths.chainDir(root, ChainId.of("billing", "acme.eu-1")))
                .isEqualTo(root.resolve("billing").resolve("acme.eu-1"));
        assertThat(StorePaths.dayFile(root, LocalDate.of(2026, 1, 2))).isEqualTo(root.resolve("2026-01-02.jsonl"));
    }

    @Test
    void dayOf_acceptsOnlyIsoDayFileNames() {
        assertThat(StorePaths.dayOf(Path.of("2026-11-23.jsonl"))).contains(LocalDate.of(2026, 11, 23));
        assertThat(StorePaths.dayOf(Path.of("2026-1-23.jsonl"))).isEmpty();
        assertThat(StorePaths.dayOf(Path.of("2026-11-23.json"))).isEmpty();
        assertThat(StorePaths.dayOf(Path.of("2026-02-30.jsonl"))).isEmpty();
        assertThat(StorePaths.dayOf(Path.of(".lock"))).isEmpty();
    }

    @Test
    void append_refusesAChainDirectoryThatLinksOutOfTheStore() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path root = Files.createDirectories(dir.resolve("store"));
        Files.createSymbolicLink(root.resolve("billing"), outside);
        TestChain chain = TestChain.of("billing", "acme");

        try (FileAuditStore store = FileAuditStore.open(root)) {
            assertThat(store.chains()).isEmpty();
            assertThatThrownBy(() -> store.append(chain.chain, ChainTip.GENESIS, chain.next(1)))
                    .isInstanceOf(AuditStoreException.class).hasMessageContaining("outside the file store");
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.GENESIS);
        }
        try (var s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }
}
