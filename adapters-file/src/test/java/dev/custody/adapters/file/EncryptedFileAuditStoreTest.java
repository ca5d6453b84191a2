package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.KeyStore;
import dev.custody.ports.spi.AuditStoreProvider;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import dev.custody.ports.spi.ProviderRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What encryption adds to the file layout: nothing readable on disk, and lines bound to their place. */
class EncryptedFileAuditStoreTest {

    @TempDir
    Path home;

    private KeyStore keys;

    /**
     * The store, over a key store of its own; the previous one (whose store the test has closed) is closed
     * first, since only one key store may use a key directory at a time.
     */
    private AuditStore open(String backend) {
        closeKeys();
        ClassLoader loader = getClass().getClassLoader();
        keys = ProviderRegistry.load(KeyStoreProvider.class, loader, "key store").get("tink")
                .create(ProviderConfig.of("custody.keys.properties.", Map.of()), ProviderContext.of(home));
        try {
            return ProviderRegistry.load(AuditStoreProvider.class, loader, "audit store backend").get(backend)
                    .create(ProviderConfig.of("custody.storage.primary.properties.", Map.of()),
                            new ProviderContext(home, Clock.systemUTC(), keys));
        } catch (RuntimeException e) {
            closeKeys();
            throw e;
        }
    }

    @AfterEach
    void closeKeys() {
        if (keys != null) {
            keys.close();
            keys = null;
        }
    }

    private static List<AuditRecord> append(AuditStore store, TestChain chain, List<AuditRecord> records) {
        assertThat(store.append(chain.chain, ChainTip.GENESIS, records)).isInstanceOf(AppendResult.Appended.class);
        return records;
    }

    private static List<AuditRecord> distinctive(TestChain chain, int n) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(chain.next(TestChain.T0.plusSeconds(i), "decision", "Quokka-Actor-7781", "Subject-Zebra-9431"));
        }
        return out;
    }

    private Map<Path, byte[]> files() throws IOException {
        Map<Path, byte[]> all = new HashMap<>();
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                all.put(p, Files.readAllBytes(p));
            }
        }
        return all;
    }

    private Path dayFile(String tenant) throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("records/billing/" + tenant))) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
    }

    @Test
    void noPlaintextOfAnyRecordIsOnDisk_andReadsGiveTheRecordsBack() throws Exception {
        TestChain chain = TestChain.of("billing", "acme");
        List<AuditRecord> records;
        try (AuditStore store = open("encrypted-file")) {
            records = append(store, chain, distinctive(chain, 20));
            try (Stream<AuditRecord> s = store.stream(chain.chain)) {
                assertThat(s.map(AuditRecord::json).toList()).isEqualTo(records.stream().map(AuditRecord::json).toList());
            }
            assertThat(store.findById(records.get(7).id())).contains(records.get(7));
        }
        List<String> secrets = new ArrayList<>(List.of("Quokka-Actor-7781", "Subject-Zebra-9431", "caf\u00e9", "\"payload\"",
                "act-1", "decision"));
        records.forEach(r -> {
            secrets.add(r.id());
            secrets.add(r.recordHash());
        });
        Map<Path, byte[]> files = files();
        assertThat(files.keySet()).anyMatch(p -> p.toString().endsWith(".jsonl"));
        for (Map.Entry<Path, byte[]> f : files.entrySet()) {
            String bytes = new String(f.getValue(), StandardCharsets.ISO_8859_1);
            String utf8 = new String(f.getValue(), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(bytes.contains(secret) || utf8.contains(secret)).as("%s holds %s", f.getKey(), secret).isFalse();
            }
        }
        try (AuditStore reopened = open("encrypted-file")) {
            assertThat(reopened.tip(chain.chain)).isEqualTo(chain.tip());
            assertThat(reopened.readRange(chain.chain, 5, 6)).containsExactlyElementsOf(records.subList(4, 6));
        }
    }

    @Test
    void aLineMovedToAnotherPosition_doesNotOpen() throws Exception {
        TestChain chain = TestChain.of("billing", "acme");
        try (AuditStore store = open("encrypted-file")) {
            append(store, chain, chain.next(5));
        }
        Path file = dayFile("acme");
        List<String> lines = Files.readAllLines(file);
        List<String> swapped = new ArrayList<>(lines);
        swapped.set(1, lines.get(2));
        swapped.set(2, lines.get(1));
        Files.write(file, swapped);
        try (AuditStore store = open("encrypted-file")) {
            assertThatThrownBy(() -> store.readRange(chain.chain, 1, 5)).isInstanceOf(AuditStoreException.class)
                    .hasMessageContaining("is where seq 2 belongs");
        }
        // the attacker also rewrites the visible seqs: the sealed content is bound to its seq and still fails
        swapped.set(1, lines.get(2).replace("\"seq\":3,", "\"seq\":2,"));
        swapped.set(2, lines.get(1).replace("\"seq\":2,", "\"seq\":3,"));
        Files.write(file, swapped);
        try (AuditStore store = open("encrypted-file")) {
            assertThatThrownBy(() -> store.readRange(chain.chain, 1, 5)).isInstanceOf(AuditStoreException.class)
                    .hasMessageContaining("does not decrypt with keyset store.encrypted-file");
        }
    }

    @Test
    void aTamperedLine_failsOnlyItsChain_namingTheFileTheLineAndTheSeq_alsoWhenItIsTheNewest() throws Exception {
        TestChain acme = TestChain.of("billing", "acme");
        TestChain globex = TestChain.of("billing", "globex");
        try (AuditStore store = open("encrypted-file")) {
            append(store, acme, acme.next(4));
            append(store, globex, globex.next(2));
        }
        Path file = dayFile("acme");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int victim : new int[] {1, 3}) {
            List<String> tampered = new ArrayList<>(lines);
            String line = lines.get(victim);
            int at = line.length() - 10;
            tampered.set(victim, line.substring(0, at) + (line.charAt(at) == 'A' ? 'B' : 'A') + line.substring(at + 1));
            Files.write(file, tampered);
            long seq = victim + 1;
            try (AuditStore store = open("encrypted-file")) {
                assertThatThrownBy(() -> store.readRange(acme.chain, 1, 4)).isInstanceOf(ChainUnreadableException.class)
                        .hasMessageContaining(file + " line " + seq).hasMessageContaining("does not decrypt")
                        .satisfies(e -> assertThat(((ChainUnreadableException) e).seq()).isEqualTo(seq));
                assertThat(store.readRange(acme.chain, 1, seq - 1)).hasSize((int) seq - 1);
                assertThat(store.readRange(globex.chain, 1, 2)).hasSize(2);
                assertThat(store.chains()).contains(acme.chain, globex.chain);
                if (seq == 4) {
                    assertThatThrownBy(() -> store.tip(acme.chain)).isInstanceOf(ChainUnreadableException.class)
                            .hasMessageContaining(file + " line 4");
                } else {
                    assertThat(store.tip(acme.chain)).isEqualTo(acme.tip());
                }
            }
            assertThat(Files.readAllLines(file)).as("a line that does not decrypt is never cut").isEqualTo(tampered);
        }
    }

    @Test
    void aLineCopiedFromAnotherChain_doesNotOpen() throws Exception {
        TestChain acme = TestChain.of("billing", "acme");
        TestChain globex = TestChain.of("billing", "globex");
        try (AuditStore store = open("encrypted-file")) {
            append(store, acme, acme.next(3));
            append(store, globex, globex.next(3));
        }
        List<String> foreign = Files.readAllLines(dayFile("acme"));
        List<String> lines = new ArrayList<>(Files.readAllLines(dayFile("globex")));
        lines.set(1, foreign.get(1));
        Files.write(dayFile("globex"), lines);
        try (AuditStore store = open("encrypted-file")) {
            assertThatThrownBy(() -> store.readRange(globex.chain, 2, 2)).isInstanceOf(AuditStoreException.class)
                    .hasMessageContaining("does not decrypt");
        }
    }

    @Test
    void theWrongBackendOrTheWrongKey_failLoudly_andChangeNothing() throws Exception {
        TestChain chain = TestChain.of("billing", "acme");
        try (AuditStore store = open("encrypted-file")) {
            append(store, chain, chain.next(4));
        }
        closeKeys();
        Map<Path, byte[]> before = files();
        assertThatThrownBy(() -> open("file")).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("holds encrypted (sealed) records but is opened as plain; configure backend encrypted-file");
        Files.delete(home.resolve("keys/master-key.json"));
        assertThatThrownBy(() -> open("encrypted-file")).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("does not open with the key-encryption key");
        Map<Path, byte[]> after = files();
        after.remove(home.resolve("keys/master-key.json"));
        before.remove(home.resolve("keys/master-key.json"));
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((p, b) -> assertThat(after.get(p)).as(p.toString()).isEqualTo(b));
    }

    @Test
    void aTornSealedTail_isRepairedLikeAPlainOne() throws Exception {
        TestChain chain = TestChain.of("billing", "acme");
        List<AuditRecord> records;
        try (AuditStore store = open("encrypted-file")) {
            records = append(store, chain, chain.next(3));
        }
        Path file = dayFile("acme");
        byte[] whole = Files.readAllBytes(file);
        byte[] torn = new byte[whole.length + 40];
        System.arraycopy(whole, 0, torn, 0, whole.length);
        System.arraycopy("{\"seq\":4,\"sealed\":\"AZf3kq".getBytes(StandardCharsets.US_ASCII), 0, torn, whole.length, 25);
        Files.write(file, java.util.Arrays.copyOf(torn, whole.length + 25));
        try (AuditStore store = open("encrypted-file")) {
            assertThat(store.tip(chain.chain)).isEqualTo(ChainTip.of(records.get(2)));
            assertThat(store.readRange(chain.chain, 1, 3)).containsExactlyElementsOf(records);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(whole);
    }

    @Test
    void withoutAKeyStore_theBackendRefusesToStart() {
        assertThatThrownBy(() -> new EncryptedFileAuditStoreProvider().create(
                ProviderConfig.of("custody.storage.primary.properties.", Map.of()), ProviderContext.of(home)))
                .hasMessage("Backend encrypted-file needs a key store, and none is configured (custody.keys)");
    }
}
