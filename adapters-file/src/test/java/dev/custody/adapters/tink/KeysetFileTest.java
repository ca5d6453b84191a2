package dev.custody.adapters.tink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyset file on its own: what a crash or damage leaves, compaction, threads, and the directory lock. */
class KeysetFileTest {

    private static final byte[] AD = "ad".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Aead kek;

    @BeforeAll
    static void register() throws Exception {
        AeadConfig.register();
        PrfConfig.register();
    }

    @BeforeEach
    void newKek() throws Exception {
        kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM).getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    private TinkKeyStore open(int cached, long compactAfter) throws IOException {
        KeysLock lock = KeysLock.acquire(dir);
        KeysetFile file = KeysetFile.open(dir, !lock.held());
        return new TinkKeyStore(file, lock, kek, "test", cached, compactAfter, List.of());
    }

    private TinkKeyStore open() throws IOException {
        return open(100, TinkKeyStore.COMPACT_AFTER_BYTES);
    }

    private Path file() {
        return dir.resolve(KeysetFile.FILE_NAME);
    }

    @Test
    void aTornTail_isCut_andEverythingSyncedBeforeItOpens() throws Exception {
        byte[] sealed;
        try (TinkKeyStore keys = open()) {
            sealed = keys.cipher("a").encrypt(AD, AD);
            keys.cipher("b");
        }
        long size = Files.size(file());
        byte[] whole = Files.readAllBytes(file());
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.APPEND)) {   // half of an entry, then nothing
            ch.write(ByteBuffer.wrap(whole, KeysetFile.MAGIC.length, 40));
        }
        try (TinkKeyStore keys = open()) {
            assertThat(keys.existing("a").orElseThrow().decrypt(sealed, AD)).isEqualTo(AD);
            assertThat(keys.existing("b")).isPresent();
        }
        assertThat(Files.size(file())).isEqualTo(size);
    }

    @Test
    void damageBeforeValidEntries_isNotTakenForATornWrite_andNothingIsCut() throws Exception {
        try (TinkKeyStore keys = open()) {
            keys.cipher("a");
            keys.cipher("b");
        }
        byte[] bytes = Files.readAllBytes(file());
        bytes[KeysetFile.MAGIC.length + KeysetFile.HEAD + 3] ^= 1;   // in the first entry's body
        Files.write(file(), bytes);
        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageContaining("is damaged at offset " + KeysetFile.MAGIC.length)
                .hasMessageContaining("that is not an interrupted write, so nothing was cut");
        assertThat(Files.readAllBytes(file())).isEqualTo(bytes);
    }

    @Test
    void anErasureInterruptedAfterItsMark_isFinishedAtOpen() throws Exception {
        try (TinkKeyStore keys = open()) {
            keys.cipher("a");
            keys.cipher("b");
        }
        byte[] bytes = Files.readAllBytes(file());
        byte[] body = KeysetFileBytes.body(bytes, "a");
        bytes[KeysetFile.MAGIC.length] = KeysetFile.ERASED;   // the mark made durable, the crash before the zeros
        Files.write(file(), bytes);
        try (TinkKeyStore keys = open()) {
            assertThat(keys.existing("a")).isEmpty();
            assertThat(keys.existing("b")).isPresent();
        }
        assertThat(KeysetFileBytes.indexOf(Files.readAllBytes(file()), body)).isNegative();
    }

    @Test
    void aRotationInterruptedBeforeTheOldVersionWasErased_keepsTheNewOne() throws Exception {
        byte[] before;
        byte[] sealedFirst;
        try (TinkKeyStore keys = open()) {
            sealedFirst = keys.cipher("r").encrypt(AD, AD);
            before = Files.readAllBytes(file());
            assertThat(keys.rotate("r").keys()).hasSize(2);
        }
        byte[] after = Files.readAllBytes(file());
        System.arraycopy(before, 0, after, 0, before.length);   // the old version live again, as before its erasure
        Files.write(file(), after);
        try (TinkKeyStore keys = open()) {
            assertThat(keys.status()).singleElement().satisfies(s -> assertThat(s.keys()).hasSize(2));
            assertThat(keys.existing("r").orElseThrow().decrypt(sealedFirst, AD)).isEqualTo(AD);
        }
        assertThat(KeysetFileBytes.indexOf(Files.readAllBytes(file()), KeysetFileBytes.body(before, "r"))).isNegative();
    }

    @Test
    void compaction_dropsErasedEntries_leavesNoCopyBehind_andKeepsTheLiveOnes() throws Exception {
        List<byte[]> sealed = new ArrayList<>();
        byte[] erasedBody;
        try (TinkKeyStore keys = open(100, 4096)) {
            keys.batch(() -> {
                for (int i = 0; i < 100; i++) {
                    sealed.add(keys.cipher("k" + i).encrypt(AD, AD));
                }
                return null;
            });
            erasedBody = KeysetFileBytes.body(Files.readAllBytes(file()), "k7");
            long full = Files.size(file());
            for (int i = 0; i < 90; i++) {
                keys.destroy("k" + i);
            }
            assertThat(Files.size(file())).as("compacted").isLessThan(full / 2);
            for (int i = 90; i < 100; i++) {
                assertThat(keys.existing("k" + i).orElseThrow().decrypt(sealed.get(i), AD)).isEqualTo(AD);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(KeysetFile.FILE_NAME, ".lock");
        }
        assertThat(KeysetFileBytes.indexOf(Files.readAllBytes(file()), erasedBody)).isNegative();
        try (TinkKeyStore keys = open()) {
            assertThat(keys.status()).hasSize(10);
            assertThat(keys.existing("k95").orElseThrow().decrypt(sealed.get(95), AD)).isEqualTo(AD);
            assertThat(keys.existing("k5")).isEmpty();
        }
    }

    @Test
    void aCompactionInterruptedBetweenItsRenames_isRolledBack_andItsCopiesOverwritten() throws Exception {
        try (TinkKeyStore keys = open()) {
            keys.cipher("a");
        }
        Path retired = dir.resolve(KeysetFile.FILE_NAME + KeysetCompaction.RETIRED);
        Path compact = dir.resolve(KeysetFile.FILE_NAME + KeysetCompaction.COMPACT);
        Files.copy(file(), compact);
        Files.move(file(), retired);
        try (TinkKeyStore keys = open()) {
            assertThat(keys.existing("a")).isPresent();
        }
        assertThat(retired).doesNotExist();
        assertThat(compact).doesNotExist();
    }

    @Test
    void manyThreads_createUseAndDestroyKeysets_andARestartSeesExactlyTheSurvivors() throws Exception {
        int threads = 8;
        int each = 150;
        List<byte[]> sealed = new ArrayList<>();
        try (TinkKeyStore keys = open(64, TinkKeyStore.COMPACT_AFTER_BYTES)) {   // a cache smaller than the working set
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<byte[]>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> keys.batch(() -> {
                    List<byte[]> out = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        String name = "s-" + (i % 50) + "-" + thread + "-" + i;
                        KeysetCipher c = keys.cipher(name);
                        out.add(c.encrypt(name.getBytes(StandardCharsets.UTF_8), AD));
                        keys.cipher("shared-" + (i % 10));
                        if (i % 3 == 0) {
                            keys.destroy(name);
                            assertThatThrownBy(() -> c.encrypt(AD, AD)).isInstanceOf(KeyStoreException.class);
                        }
                    }
                    return out;
                })));
            }
            for (Future<List<byte[]>> f : futures) {
                sealed.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
        }
        try (TinkKeyStore keys = open()) {
            assertThat(keys.status()).hasSize(threads * (each - each / 3) + 10);
            int k = 0;
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < each; i++, k++) {
                    String name = "s-" + (i % 50) + "-" + t + "-" + i;
                    if (i % 3 == 0) {
                        assertThat(keys.existing(name)).as(name).isEmpty();
                    } else {
                        assertThat(keys.existing(name).orElseThrow().decrypt(sealed.get(k), AD))
                                .isEqualTo(name.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    @Test
    void aKeyDirectoryInUse_opensReadOnlyElsewhere_seesWhatTheWriterDoes_andRefusesToWrite() throws Exception {
        try (TinkKeyStore writer = open()) {
            byte[] sealed = writer.cipher("a").encrypt(AD, AD);
            assertThat(KeysLockProbe.runIn(dir)).as("another process").isEqualTo("read-only");
            try (TinkKeyStore reader = open()) {   // another key store in this process
                assertThat(reader.existing("a").orElseThrow().decrypt(sealed, AD)).isEqualTo(AD);
                assertThatThrownBy(() -> reader.cipher("b")).isInstanceOf(KeyStoreException.class).hasMessage(
                        "Cannot create keyset b: the key directory " + dir.toRealPath() + " is in use by another key store "
                        + "in this process, so this process has it read-only; only one Custody process may write a key "
                        + "directory (stop the service before running offline commands that change keys)");
                assertThatThrownBy(() -> reader.destroy("a")).isInstanceOf(KeyStoreException.class);
                assertThatThrownBy(() -> reader.rotate("a")).isInstanceOf(KeyStoreException.class);

                byte[] later = writer.cipher("later").encrypt(AD, AD);
                assertThat(reader.existing("later").orElseThrow().decrypt(later, AD)).as("created after it opened")
                        .isEqualTo(AD);
                writer.destroy("later");
                assertThat(reader.status()).extracting(s -> s.name()).containsExactly("a");
            }
            assertThat(writer.existing("a")).isPresent();
        }
        assertThat(KeysLockProbe.runIn(dir)).isEqualTo("locked");
    }

    @Test
    void aReadOnlyKeyStore_followsTheWritersCompaction() throws Exception {
        try (TinkKeyStore writer = open(100, 0)) {
            byte[] sealed = writer.cipher("kept").encrypt(AD, AD);
            for (int i = 0; i < 5; i++) {
                writer.cipher("gone-" + i);
            }
            try (TinkKeyStore reader = open()) {
                for (int i = 0; i < 5; i++) {
                    writer.destroy("gone-" + i);   // erased bytes outweigh the live ones: the file is rewritten
                }
                assertThat(Files.size(file())).isLessThan(KeysetFile.MAGIC.length + 2 * KeysetFileBytes.body(
                        Files.readAllBytes(file()), "kept").length + 100);
                assertThat(reader.existing("kept").orElseThrow().decrypt(sealed, AD)).isEqualTo(AD);
                assertThat(reader.existing("gone-3")).isEmpty();
            }
        }
    }

    @Test
    void validName_agreesWithThePattern() {
        for (String name : List.of("a", "subject-prf-0123", "store.encrypted-file", "_x", "-x", "A.B_c-9", ".hidden", "",
                "a/b", "a b", "é", "../etc", "x".repeat(128), "x".repeat(129))) {
            assertThat(TinkKeyStore.validName(name)).as(name).isEqualTo(TinkKeyStore.NAME.matcher(name).matches());
        }
    }
}
