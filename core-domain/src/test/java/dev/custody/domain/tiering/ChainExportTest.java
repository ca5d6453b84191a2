package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.ChainAnchors;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChainExportTest extends TieringFixture {

    private final ChainId chain = ChainId.of("bank", "acme");

    /** 25 records, then two days later 5 more; archival (after 1 day, 10 a segment) takes 1..25: 1-10, 11-20, 21-25. */
    private List<AuditRecord> archivedAndWarm() {
        return archivedAndWarm(Duration.ofDays(365));
    }

    /** @param retention the WORM retention of the objects */
    private List<AuditRecord> archivedAndWarm(Duration retention) {
        List<AuditRecord> all = new ArrayList<>(append(store, chain, 25, Duration.ofMinutes(1)));
        clock.now = clock.now.plus(Duration.ofDays(2));
        all.addAll(append(store, chain, 5, Duration.ofMinutes(1)));
        Archiver archiver = new Archiver(store, archive, compression,
                new ArchivalPolicy(Duration.ofDays(1), 10, retention, false, "archiver@test"), clock);
        assertThat(archiver.archive(chain).recordsArchived()).isEqualTo(25);
        assertThat(store.readRange(chain, 1, 30)).hasSize(5);
        return all;
    }

    private List<String> export(long from, long to) {
        try (Stream<String> lines = new ChainExport(archive, compression).lines(store, chain, from, to, ChainAnchors.NONE)) {
            return lines.toList();
        }
    }

    private static List<String> json(List<AuditRecord> records) {
        return records.stream().map(AuditRecord::json).toList();
    }

    @Test
    void export_givesTheWholeChainAcrossArchiveAndWarmRows_inSeqOrder() {
        List<AuditRecord> all = archivedAndWarm();

        assertThat(export(1, Long.MAX_VALUE)).containsExactlyElementsOf(json(all));
        try (Stream<String> warmOnly = ChainExport.systemOfRecordOnly().lines(store, chain, 1, Long.MAX_VALUE, ChainAnchors.NONE)) {
            assertThat(warmOnly.toList()).as("what the export gave before: the warm rows only").containsExactlyElementsOf(json(all.subList(25, 30)));
        }
    }

    @Test
    void export_givesExactlyASeqRange_acrossSegmentsAndTiers() {
        List<AuditRecord> all = archivedAndWarm();

        assertThat(export(8, 27)).containsExactlyElementsOf(json(all.subList(7, 27)));
        assertThat(export(12, 14)).containsExactlyElementsOf(json(all.subList(11, 14)));
        assertThat(export(26, 26)).containsExactlyElementsOf(json(all.subList(25, 26)));
        assertThat(export(31, 40)).isEmpty();
    }

    @Test
    void export_givesWarmRowsThatAreAlsoArchivedOnce() {
        List<AuditRecord> all = archivedAndWarm();
        MemoryAuditStore unpurged = new MemoryAuditStore();   // a store whose archived rows stayed (a legal hold, a stopped run)
        assertThat(unpurged.append(chain, dev.custody.ports.ChainTip.GENESIS, all)).isInstanceOf(dev.custody.ports.AppendResult.Appended.class);

        try (Stream<String> lines = new ChainExport(archive, compression).lines(unpurged, chain, 1, Long.MAX_VALUE, ChainAnchors.NONE)) {
            assertThat(lines.toList()).containsExactlyElementsOf(json(all));
        }
    }

    @Test
    void export_readsSegmentsArchivalWroteWhileItStreamed() {
        List<AuditRecord> all = new ArrayList<>(append(store, chain, 10, Duration.ofMinutes(1)));
        clock.now = clock.now.plus(Duration.ofDays(2));
        all.addAll(append(store, chain, 15, Duration.ofMinutes(1)));
        assertThat(archiver(Duration.ofDays(1), 10).archive(chain).recordsArchived()).isEqualTo(10);

        try (Stream<String> lines = new ChainExport(archive, compression).lines(store, chain, 1, Long.MAX_VALUE, ChainAnchors.NONE)) {
            clock.now = clock.now.plus(Duration.ofDays(2));
            all.addAll(append(store, chain, 5, Duration.ofMinutes(1)));
            assertThat(archiver(Duration.ofDays(1), 10).archive(chain).recordsArchived()).isEqualTo(15);   // 11..25 leave the warm rows

            assertThat(lines.toList()).containsExactlyElementsOf(json(all));
        }
    }

    @Test
    void aDamagedSegment_endsTheExportNamingIt_afterTheSegmentsBeforeIt() {
        List<AuditRecord> all = archivedAndWarm();
        String key = "bank/acme/2026/01/11-20.ndjson.zst";
        byte[] b = archive.get(key).orElseThrow();
        b[b.length / 2] ^= 1;
        archive.tamper(key, b);

        List<String> given = new ArrayList<>();
        try (Stream<String> lines = new ChainExport(archive, compression).lines(store, chain, 1, Long.MAX_VALUE, ChainAnchors.NONE)) {
            assertThatThrownBy(() -> lines.forEach(given::add)).isInstanceOf(ArchiveDamagedException.class)
                    .hasMessageContaining("memory:" + key).hasMessageContaining("sha256")
                    .satisfies(e -> assertThat(((ArchiveDamagedException) e).segment()).isEqualTo("memory:" + key));
        }
        assertThat(given).containsExactlyElementsOf(json(all.subList(0, 10)));
        assertThat(export(21, 30)).as("a range that avoids the segment").containsExactlyElementsOf(json(all.subList(20, 30)));
    }

    @Test
    void aMissingSegment_endsTheExportNamingTheMissingRange() {
        archivedAndWarm(Duration.ZERO);
        String key = "bank/acme/2026/01/11-20.ndjson.zst";
        archive.delete(key);
        archive.delete(key + ArchiveLayout.MANIFEST_SUFFIX);

        assertThatThrownBy(() -> export(1, Long.MAX_VALUE)).isInstanceOf(ArchiveDamagedException.class)
                .hasMessageContaining("seq 11..20 of bank/acme are in no archived segment");
    }

    @Test
    void aGapBetweenTheArchiveAndTheWarmRows_isRefusedUnlessRetentionAccountsForIt() {
        List<AuditRecord> all = archivedAndWarm();
        store.purgeBefore(chain, 28);   // 26, 27 gone from the system of record without an archive
        assertThatThrownBy(() -> export(1, Long.MAX_VALUE)).isInstanceOf(ArchiveDamagedException.class)
                .hasMessageContaining("seq 26..27 of bank/acme are neither archived nor in the system of record");

        ChainAnchors retention = (c, seq) -> seq == 27 ? java.util.Optional.of(all.get(26).recordHash()) : java.util.Optional.empty();
        try (Stream<String> lines = new ChainExport(archive, compression).lines(store, chain, 1, Long.MAX_VALUE, retention)) {
            List<String> expected = new ArrayList<>(json(all.subList(0, 25)));
            expected.addAll(json(all.subList(27, 30)));
            assertThat(lines.toList()).containsExactlyElementsOf(expected);
        }
    }
}
