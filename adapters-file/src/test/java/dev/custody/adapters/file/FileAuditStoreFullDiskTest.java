package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainTip;
import dev.custody.ports.StoreUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is an outage, not a fault of the chain: the append fails with {@link StoreUnavailableException}
 * (the service's 503), what is stored is left as it was, and appends work again once there is room. The refusal is
 * the kernel's own: while "full", the store's new day files are opened on {@code /dev/full}, whose every write
 * fails with {@code ENOSPC}.
 */
class FileAuditStoreFullDiskTest {

    private static final Path FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    private volatile boolean full;

    private final AppendChannels channels = new AppendChannels() {
        @Override
        public FileChannel openExisting(Path file) throws IOException {
            return AppendChannels.FILES.openExisting(file);
        }

        @Override
        public FileChannel createNew(Path file) throws IOException {
            return full ? FileChannel.open(FULL, StandardOpenOption.WRITE) : AppendChannels.FILES.createNew(file);
        }
    };

    @Test
    void aWriteRefusedForWantOfSpace_isStoreUnavailable_storesNothing_andAppendsWorkOnceThereIsRoom() throws IOException {
        assertThat(FULL).as("this test needs Linux's /dev/full").exists();
        TestChain existing = TestChain.of("billing", "acme");
        TestChain fresh = TestChain.of("billing", "globex");
        try (FileAuditStore store = FileAuditStore.open(dir, Clock.systemUTC(), LineCodec.PLAIN, 2, channels)) {
            store.append(existing.chain, ChainTip.GENESIS, existing.next(2));
            ChainTip tip = existing.tip();
            Path today = dir.resolve("billing/acme/2026-11-23.jsonl");
            byte[] before = Files.readAllBytes(today);
            TestChain attempt = TestChain.after(existing.chain, tip);
            List<AuditRecord> acrossMidnight = List.of(attempt.next(), attempt.nextAfter(Duration.ofDays(1)));
            List<AuditRecord> first = fresh.next(1);

            full = true;
            assertThatThrownBy(() -> store.append(existing.chain, tip, acrossMidnight))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("append to chain billing/acme").hasMessageContaining("disk is full")
                    .hasMessageContaining("No space left on device").hasCauseInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> store.append(fresh.chain, ChainTip.GENESIS, first))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("No space left on device");

            assertThat(Files.readAllBytes(today)).as("the part written before the refusal was taken back").isEqualTo(before);
            assertThat(dir.resolve("billing/acme/2026-11-24.jsonl")).doesNotExist();
            assertThat(store.tip(existing.chain)).isEqualTo(tip);
            assertThat(store.tip(fresh.chain)).isEqualTo(ChainTip.GENESIS);
            assertThat(store.chains()).containsExactly(existing.chain);

            full = false;
            assertThat(store.append(existing.chain, tip, acrossMidnight)).isInstanceOf(AppendResult.Appended.class);
            assertThat(store.append(fresh.chain, ChainTip.GENESIS, first)).isInstanceOf(AppendResult.Appended.class);
            assertThat(store.readRange(existing.chain, 1, 10)).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L);
        }
    }
}
