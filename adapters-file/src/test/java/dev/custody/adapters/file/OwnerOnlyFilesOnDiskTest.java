package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainTip;
import dev.custody.ports.KeyStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue: data files and directories must be 0600/0700 whatever the umask (the build runs with umask 022, under
 * which files came out 0644). Everything the file stores and the key store create — day files, lock files,
 * format markers, a purge's rewrite, keysets — is owner-only.
 */
class OwnerOnlyFilesOnDiskTest {

    @TempDir
    Path home;

    @Test
    void fileStore_encryptedFileStore_andKeyStore_createOnlyOwnerOnlyFilesAndDirectories() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        TestChain plain = TestChain.of("billing", "acme");
        try (FileAuditStore store = FileAuditStore.open(home.resolve("plain/records"))) {
            List<AuditRecord> records = new ArrayList<>();
            for (int d = 0; d < 3; d++) {   // three day files, so that a purge rewrites one
                ChainTip tip = plain.tip();
                List<AuditRecord> day = List.of(plain.nextAt(TestChain.T0.plusSeconds(86_400L * d)),
                        plain.nextAt(TestChain.T0.plusSeconds(86_400L * d + 1)));
                store.append(plain.chain, tip, day);
                records.addAll(day);
            }
            assertThat(store.purgeBefore(plain.chain, 4)).isEqualTo(3);
        }
        TestChain sealed = TestChain.of("billing", "globex");
        try (KeyStore keys = ProviderRegistry.load(KeyStoreProvider.class, loader, "key store").get("tink")
                .create(ProviderConfig.of("custody.keys.properties.", Map.of()), ProviderContext.of(home.resolve("sealed")));
                AuditStore store = ProviderRegistry.load(AuditStoreProvider.class, loader, "audit store backend")
                        .get("encrypted-file").create(ProviderConfig.of("custody.storage.primary.properties.", Map.of()),
                                new ProviderContext(home.resolve("sealed"), Clock.systemUTC(), keys))) {
            store.append(sealed.chain, ChainTip.GENESIS, sealed.next(3));
            keys.rotate("store.encrypted-file");
            keys.cipher("subject-a");
            keys.destroy("subject-a");
        }
        List<String> wrong = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.filter(p -> !p.equals(home)).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                seen.add(home.relativize(p).toString());
                if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
                    wrong.add(home.relativize(p) + " " + mode);
                }
            }
        }
        assertThat(wrong).as("created with another mode than 0600/0700").isEmpty();
        assertThat(seen).as("what the stores created").contains("plain/records/.lock", "plain/records/billing/acme",
                "sealed/keys/master-key.json", "sealed/records/.custody-format");
    }
}
