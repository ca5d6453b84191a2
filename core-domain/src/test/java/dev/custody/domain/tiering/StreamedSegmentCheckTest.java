package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Archival's read-back check decodes and checks a segment as it streams, without keeping its lines (ADR 0121). It
 * judges every damage as the check that keeps the lines does, and a read-back that differs from what was uploaded
 * stops the run before anything leaves the system of record.
 */
class StreamedSegmentCheckTest extends TieringFixture {

    private final ChainId chain = ChainId.of("bank", "acme");
    private static final String MANIFEST = "bank/acme/2026/01/1-9.ndjson.zst.manifest.json";
    private static final String SEGMENT = "bank/acme/2026/01/1-9.ndjson.zst";

    @Test
    void anIntactSegment_checksTheSameStreamed_withoutItsLines() {
        archiveTen();
        SegmentReader reader = new SegmentReader(archive, compression);

        SegmentCheck kept = reader.check(MANIFEST);
        SegmentCheck streamed = reader.verify(MANIFEST, n -> { });

        assertThat(kept).isInstanceOfSatisfying(SegmentCheck.Intact.class, i -> assertThat(i.lines()).hasSize(9));
        assertThat(streamed).isInstanceOfSatisfying(SegmentCheck.Intact.class, i -> {
            assertThat(i.lines()).isEmpty();
            assertThat(i.manifest()).isEqualTo(((SegmentCheck.Intact) kept).manifest());
        });
    }

    @Test
    void everyDamage_isJudgedTheSameStreamed() {
        List<AuditRecord> all = archiveTen();
        byte[] ndjson = ndjson(all.subList(0, 9));
        String changed = new String(ndjson, StandardCharsets.UTF_8).replace("u-3", "u-X");
        List<UnaryOperator<byte[]>> damages = List.of(
                b -> compression.compress(changed.getBytes(StandardCharsets.UTF_8)),              // a record changed
                b -> Arrays.copyOf(b, b.length / 2),                                              // truncated object
                b -> compression.compress(Arrays.copyOf(ndjson, ndjson.length - 1)),              // last line unterminated
                b -> compression.compress(ndjson(all.subList(0, 8))),                             // a record missing
                b -> compression.compress(ndjson(all)),                                           // a record too many
                b -> {                                                                            // a flipped byte
                    byte[] c = b.clone();
                    c[c.length / 2] ^= 0x20;
                    return c;
                });
        ArchiveManifest manifest = new SegmentReader(archive, compression).manifest(MANIFEST).orElseThrow();
        byte[] intact = archive.get(SEGMENT).orElseThrow();
        for (UnaryOperator<byte[]> damage : damages) {
            MemoryArchiveStore damaged = new MemoryArchiveStore();
            damaged.put(SEGMENT, damage.apply(intact), new ArchivePut("application/zstd", Map.of(), null, false));
            SegmentReader reader = new SegmentReader(damaged, compression);

            SegmentCheck kept = reader.check(SEGMENT, manifest);
            SegmentCheck streamed = reader.verify(SEGMENT, manifest, n -> { });

            assertThat(kept).isInstanceOf(SegmentCheck.Broken.class);
            assertThat(streamed).isEqualTo(kept);
        }
    }

    @Test
    void aReadBackThatDiffersFromTheUpload_stopsTheRun_andNothingLeavesTheSystemOfRecord() {
        append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        MemoryArchiveStore corrupting = new MemoryArchiveStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return super.get(key).map(b -> key.endsWith(".zst") ? compression.compress("{}\n".getBytes(StandardCharsets.UTF_8)) : b);
            }
        };
        Archiver archiver = new Archiver(store, corrupting, compression,
                new ArchivalPolicy(Duration.ofDays(1), 100, Duration.ZERO, false, "t"), clock);

        assertThatThrownBy(() -> archiver.archive(chain)).isInstanceOf(ArchivalException.class)
                .hasMessageContaining("read-back check of memory:" + SEGMENT + " failed");
        assertThat(store.readRange(chain, 1, 10)).hasSize(10);
        assertThat(store.custodyLog().orElseThrow().ranges(chain)).isEmpty();
    }

    private List<AuditRecord> archiveTen() {
        List<AuditRecord> all = append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 100).archive(chain);
        return all;
    }

    private static byte[] ndjson(List<AuditRecord> records) {
        StringBuilder b = new StringBuilder();
        records.forEach(r -> b.append(r.json()).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
