package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.Sha256;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyStage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ArchiverTest extends TieringFixture {

    private final ChainId chain = ChainId.of("bank", "acme");

    @Test
    void archive_movesOldRecordsInMonthSegments_andKeepsTheTipWarm() {
        // 40 records an hour apart from 2026-01-30 10:00: seq 1..38 in January, 39..40 in February
        List<AuditRecord> all = append(store, chain, 40, Duration.ofHours(1));
        clock.now = clock.now.plus(Duration.ofDays(40));

        ArchivalReport report = archiver(Duration.ofDays(30), 10).archive(chain);

        assertThat(report.segments()).containsExactly("bank/acme/2026/01/1-10.ndjson.zst", "bank/acme/2026/01/11-20.ndjson.zst",
                "bank/acme/2026/01/21-30.ndjson.zst", "bank/acme/2026/01/31-38.ndjson.zst", "bank/acme/2026/02/39-39.ndjson.zst");
        assertThat(report.recordsArchived()).isEqualTo(39);
        assertThat(report.warmRemoved()).isEqualTo(39);
        assertThat(store.readRange(chain, 1, 40)).containsExactly(all.get(39));
        assertThat(all.get(39).prevHash()).isEqualTo(all.get(38).recordHash());

        ArchiveManifest m = ManifestJson.read(archive.get("bank/acme/2026/01/1-10.ndjson.zst.manifest.json").orElseThrow());
        assertThat(m.count()).isEqualTo(10);
        assertThat(m.firstPrevHash()).isEqualTo("genesis");
        assertThat(m.lastRecordHash()).isEqualTo(all.get(9).recordHash());
        byte[] object = archive.get(m.file()).orElseThrow();
        assertThat(m.sha256()).isEqualTo(Sha256.hex(object));
        String ndjson = new String(compression.decompress(object, 1 << 20), StandardCharsets.UTF_8);
        assertThat(ndjson).isEqualTo(all.subList(0, 10).stream().map(r -> r.json() + "\n").collect(Collectors.joining()));
        MerkleTree tree = new MerkleTree();
        all.subList(0, 10).forEach(r -> tree.add(r.json().getBytes(StandardCharsets.UTF_8)));
        assertThat(m.merkleRoot()).isEqualTo(tree.rootHex());
        assertThat(m.custody()).singleElement().satisfies(c -> {
            assertThat(c.stage()).isEqualTo(CustodyStage.ARCHIVE);
            assertThat(c.location()).isEqualTo("memory:" + m.file());
        });
        assertThat(store.custodyLog().orElseThrow().ranges(chain)).hasSize(5);

        TieredVerification v = new TieredVerifier(archive, compression).verify(store, chain);
        assertThat(v.valid()).as("%s", v.verification().reason()).isTrue();
        assertThat(v.verification().recordsChecked()).isEqualTo(40);
        assertThat(v.segmentsChecked()).isEqualTo(5);
        assertThat(v.verification().firstRecordId()).isEqualTo(all.get(0).id());
        assertThat(v.verification().lastRecordId()).isEqualTo(all.get(39).id());
    }

    @Test
    void keepWarm_archivedRecordsStayQueryable_untilTheirSegmentWasVerifiedThatLongAgo_thenGo() {
        List<AuditRecord> all = append(store, chain, 40, Duration.ofHours(1));
        clock.now = clock.now.plus(Duration.ofDays(40));
        Archiver archiver = new Archiver(store, archive, compression,
                new ArchivalPolicy(Duration.ofDays(30), 10, Duration.ofDays(365), false, "archiver@test", Duration.ofDays(7)), clock);

        ArchivalReport first = archiver.archive(chain);
        assertThat(first.recordsArchived()).isEqualTo(39);
        assertThat(first.warmRemoved()).as("kept warm").isZero();
        assertThat(store.readRange(chain, 1, 40)).containsExactlyElementsOf(all);
        assertThat(new TieredVerifier(archive, compression).verify(store, chain).valid()).isTrue();

        clock.now = clock.now.plus(Duration.ofDays(6));
        assertThat(archiver.archive(chain).warmRemoved()).as("six days later: still within P7D").isZero();
        assertThat(store.readRange(chain, 1, 40)).hasSize(40);

        clock.now = clock.now.plus(Duration.ofDays(2));
        ArchivalReport later = archiver.archive(chain);
        assertThat(later.recordsArchived()).isZero();
        assertThat(later.warmRemoved()).as("eight days later: every verified segment's rows go").isEqualTo(39);
        assertThat(store.readRange(chain, 1, 40)).containsExactly(all.get(39));
        TieredVerification v = new TieredVerifier(archive, compression).verify(store, chain);
        assertThat(v.valid()).as("%s", v.verification().reason()).isTrue();
        assertThat(v.verification().recordsChecked()).isEqualTo(40);
    }

    @Test
    void theServicesOwnChains_stayInTheSystemOfRecord() {
        ChainId holds = ChainId.of("custody", "holds");
        append(store, holds, 20, Duration.ofDays(1));
        clock.now = clock.now.plus(Duration.ofDays(400));

        ArchivalReport report = archiver(Duration.ofDays(1), 5).archive(holds);

        assertThat(report.segments()).isEmpty();
        assertThat(report.note()).contains("stay in the system of record");
        assertThat(store.readRange(holds, 1, 20)).hasSize(20);
        assertThat(archive.list("custody/")).isEmpty();
    }

    @Test
    void archive_leavesRecentRecordsAndIsIdempotent() {
        append(store, chain, 20, Duration.ofDays(1));
        // now = 2026-02-19 10:00; records older than 10 days: seq 1..10
        ArchivalReport first = archiver(Duration.ofDays(10), 1000).archive(chain);
        assertThat(first.archivedThrough()).isEqualTo(10);
        assertThat(store.readRange(chain, 1, 20)).hasSize(10);

        ArchivalReport again = archiver(Duration.ofDays(10), 1000).archive(chain);
        assertThat(again.segments()).isEmpty();
        assertThat(again.archivedThrough()).isEqualTo(10);
    }

    @Test
    void aChangedRecordInAnArchive_isReportedWithTheRecordAndTheSegment() {
        List<AuditRecord> all = append(store, chain, 30, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        String key = "bank/acme/2026/01/11-20.ndjson.zst";
        String ndjson = new String(compression.decompress(archive.get(key).orElseThrow(), 1 << 20), StandardCharsets.UTF_8);
        archive.tamper(key, compression.compress(ndjson.replace("app-14", "app-99").getBytes(StandardCharsets.UTF_8)));

        TieredVerification v = new TieredVerifier(archive, compression).verify(store, chain);

        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSegment()).isEqualTo(key);
        assertThat(v.verification().firstBrokenAt()).isEqualTo(all.get(14).id());
        assertThat(v.verification().reason()).contains("memory:" + key).contains("sha256").contains("record 15");
        assertThat(v.verification().recordsChecked()).isEqualTo(15);
    }

    @Test
    void aFlippedByteInACompressedObject_namesTheSegment() {
        append(store, chain, 30, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        String key = "bank/acme/2026/01/21-29.ndjson.zst";
        byte[] bytes = archive.get(key).orElseThrow();
        bytes[bytes.length / 2] ^= 0x01;
        archive.tamper(key, bytes);

        TieredVerification v = new TieredVerifier(archive, compression).verify(store, chain);

        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSegment()).isEqualTo(key);
        assertThat(v.verification().reason()).contains("does not match the manifest");
    }

    @Test
    void aChainWhoseSystemOfRecordLostEveryRecord_afterArchival_isBroken_notValid() {
        append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 100).archive(chain);
        // the archive holds 1..9, the newest record stays warm; then the chain vanishes from the system of record
        var emptied = new dev.custody.domain.memory.MemoryAuditStore();

        TieredVerification v = new TieredVerifier(archive, compression).verify(emptied, chain);

        assertThat(v.valid()).isFalse();
        assertThat(v.verification().recordsChecked()).isEqualTo(9);
        assertThat(v.verification().reason()).isEqualTo("the archive holds the chain through seq 9 but the system of record's newest "
                + "record is gone (it holds none); archival never removes a chain's newest record: records were removed outside Custody");
        assertThat(new TieredVerifier(archive, compression).verify(store, chain).valid()).as("the intact chain").isTrue();
    }

    @Test
    void aChainShorterThanItsRetentionAnchorsSay_isBroken_evenWithoutAnArchive() {
        List<AuditRecord> all = append(store, chain, 4, Duration.ofMinutes(1));
        dev.custody.domain.chain.ChainAnchors anchors = new dev.custody.domain.chain.ChainAnchors() {
            @Override
            public java.util.Optional<String> recordHashOf(ChainId c, long seq) {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.OptionalLong heldThrough(ChainId c) {
                return c.equals(chain) ? java.util.OptionalLong.of(6) : java.util.OptionalLong.empty();
            }
        };

        TieredVerification v = new TieredVerifier(archive, compression).verify(store, chain, anchors);

        assertThat(v.valid()).isFalse();
        assertThat(v.verification().recordsChecked()).isEqualTo(4);
        assertThat(v.verification().lastRecordId()).isEqualTo(all.get(3).id());
        assertThat(v.verification().reason()).startsWith("the chain ends at seq 4, but a retention record says it held seq 6");
        assertThat(new TieredVerifier(archive, compression).verify(new dev.custody.domain.memory.MemoryAuditStore(), chain, anchors)
                .verification().reason()).startsWith("the chain holds no records, but a retention record says it held seq 6");
    }

    @Test
    void aWarmRecordThatDoesNotContinueTheArchive_isReported() {
        append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 100).archive(chain);
        // another history of the same chain in the system of record: its seq 10 does not link to archived seq 9
        var other = new dev.custody.domain.memory.MemoryAuditStore();
        List<AuditRecord> forged = append(other, chain, 10, Duration.ofMinutes(1));
        other.purgeBefore(chain, 10);

        TieredVerification v = new TieredVerifier(archive, compression).verify(other, chain);

        assertThat(v.valid()).isFalse();
        assertThat(v.brokenSegment()).isNull();
        assertThat(v.verification().firstBrokenAt()).isEqualTo(forged.get(9).id());
        assertThat(v.verification().recordsChecked()).isEqualTo(10);
        assertThat(v.verification().reason()).contains("prev_hash").contains("must continue the archive");
    }

    @Test
    void failedUpload_removesNothing_retriesWithBackoff_andAlertsAfterThree() {
        append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        var failing = new dev.custody.domain.memory.MemoryArchiveStore() {
            int puts;

            @Override
            public dev.custody.ports.ArchiveObject put(String key, byte[] content, ArchivePut options) {
                puts++;
                throw new dev.custody.ports.ArchiveStoreException("put " + key + ": connection refused");
            }
        };
        Archiver archiver = new Archiver(store, failing, compression,
                new ArchivalPolicy(Duration.ofDays(1), 100, Duration.ZERO, false, "t"), clock);
        List<Duration> waits = new java.util.ArrayList<>();
        List<Integer> failures = new java.util.ArrayList<>();
        ArchivalRunner runner = new ArchivalRunner(archiver, 4, Duration.ofMillis(100), waits::add, new ArchivalListener() {
            @Override
            public void failed(ChainId c, int attempt, int consecutive, Throwable error) {
                failures.add(consecutive);
            }
        });

        assertThatThrownBy(() -> runner.run(List.of(chain))).isInstanceOf(RuntimeException.class).hasMessageContaining("connection refused");

        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(failures).containsExactly(1, 2, 3, 4);
        assertThat(runner.alerting()).isTrue();
        assertThat(failing.puts).isEqualTo(4);
        assertThat(store.readRange(chain, 1, 10)).hasSize(10);
    }

    @Test
    void aFailureWhileTheNextSegmentIsRead_keepsThatSegmentAndEveryLaterOneWarm() {
        List<AuditRecord> all = append(store, chain, 50, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        var failsThirdSegment = new dev.custody.domain.memory.MemoryArchiveStore() {
            boolean failing = true;

            @Override
            public dev.custody.ports.ArchiveObject put(String key, byte[] content, ArchivePut options) {
                if (failing && key.endsWith("/21-30.ndjson.zst")) {
                    throw new dev.custody.ports.ArchiveStoreException("put " + key + ": 500 Internal Server Error");
                }
                return super.put(key, content, options);
            }
        };
        Archiver archiver = new Archiver(store, failsThirdSegment, compression,
                new ArchivalPolicy(Duration.ofDays(1), 10, Duration.ZERO, false, "t"), clock);

        assertThatThrownBy(() -> archiver.archive(chain)).hasMessageContaining("21-30");

        assertThat(store.readRange(chain, 1, 50)).as("segments 1-10 and 11-20 went; 21.. stayed")
                .containsExactlyElementsOf(all.subList(20, 50));
        assertThat(failsThirdSegment.list("bank/acme/")).extracting(dev.custody.ports.ArchiveObject::key)
                .as("nothing after the failed segment was written").noneMatch(k -> k.contains("31-40"));
        failsThirdSegment.failing = false;
        ArchivalReport resumed = archiver.archive(chain);
        assertThat(resumed.recordsArchived()).isEqualTo(29);
        TieredVerification v = new TieredVerifier(failsThirdSegment, compression).verify(store, chain);
        assertThat(v.valid()).as("%s", v.verification().reason()).isTrue();
        assertThat(v.verification().recordsChecked()).isEqualTo(50);
    }

    @Test
    void aSuccessAfterFailures_clearsTheAlert() {
        append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        int[] calls = {0};
        var flaky = new dev.custody.domain.memory.MemoryArchiveStore() {
            @Override
            public dev.custody.ports.ArchiveObject put(String key, byte[] content, ArchivePut options) {
                if (++calls[0] <= 3) {
                    throw new dev.custody.ports.ArchiveStoreException("timeout");
                }
                return super.put(key, content, options);
            }
        };
        Archiver archiver = new Archiver(store, flaky, compression,
                new ArchivalPolicy(Duration.ofDays(1), 100, Duration.ZERO, false, "t"), clock);
        ArchivalRunner runner = new ArchivalRunner(archiver, 5, Duration.ofMillis(1), d -> { }, ArchivalListener.NONE);

        assertThat(runner.run(List.of(chain))).singleElement().satisfies(r -> assertThat(r.recordsArchived()).isEqualTo(9));
        assertThat(runner.consecutiveFailures()).isZero();
        assertThat(runner.alerting()).isFalse();
    }

    @Test
    void aRunThatStoppedBeforeThePurge_isResumedAndTheLeftoversChecked() {
        List<AuditRecord> all = append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        // archive into a second store holding the same records, so this one keeps them (as after a crash)
        var copy = new dev.custody.domain.memory.MemoryAuditStore();
        copy.append(chain, dev.custody.ports.ChainTip.GENESIS, all);
        new Archiver(copy, archive, compression, new ArchivalPolicy(Duration.ofDays(1), 100, Duration.ZERO, false, "t"), clock)
                .archive(chain);
        assertThat(store.readRange(chain, 1, 10)).hasSize(10);

        ArchivalReport resumed = archiver(Duration.ofDays(1), 100).archive(chain);

        assertThat(resumed.warmRemoved()).isEqualTo(9);
        assertThat(store.readRange(chain, 1, 10)).containsExactly(all.get(9));
    }
}
