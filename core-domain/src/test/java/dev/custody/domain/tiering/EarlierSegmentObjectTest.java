package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.domain.chain.Sha256;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * A run stopped after uploading a segment and before its manifest; the next run finds the object. An earlier
 * version compressed whole segments at once, and this one streams them (ADR 0121), so the same records can be there
 * as other bytes: that object is checked record by record and kept; one holding other records still stops the run.
 */
class EarlierSegmentObjectTest extends TieringFixture {

    private final ChainId chain = ChainId.of("bank", "acme");
    private static final String KEY = "bank/acme/2026/01/1-9.ndjson.zst";

    @Test
    void anObjectWithOtherBytesButTheSameRecords_isKept_andTheManifestDescribesIt() {
        List<AuditRecord> all = append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        byte[] earlier = deflateBest(ndjson(all.subList(0, 9)));
        assertThat(earlier).as("other bytes than this version writes").isNotEqualTo(compression.compress(ndjson(all.subList(0, 9))));
        archive.put(KEY, earlier, new ArchivePut("application/zstd", Map.of(), null, false));

        ArchivalReport report = archiver(Duration.ofDays(1), 100).archive(chain);

        assertThat(report.segments()).containsExactly(KEY);
        assertThat(report.warmRemoved()).isEqualTo(9);
        ArchiveManifest m = ManifestJson.read(archive.get(KEY + ".manifest.json").orElseThrow());
        assertThat(m.sha256()).isEqualTo(Sha256.hex(earlier));
        assertThat(archive.get(KEY).orElseThrow()).isEqualTo(earlier);
        TieredVerification v = new TieredVerifier(archive, compression).verify(store, chain);
        assertThat(v.valid()).as("%s", v.verification().reason()).isTrue();
        assertThat(v.verification().recordsChecked()).isEqualTo(10);
    }

    @Test
    void anObjectHoldingOtherRecords_stopsTheRun_andEveryRecordStaysWarm() {
        List<AuditRecord> all = append(store, chain, 10, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archive.put(KEY, deflateBest(ndjson(all.subList(0, 8))), new ArchivePut("application/zstd", Map.of(), null, false));

        assertThatThrownBy(() -> archiver(Duration.ofDays(1), 100).archive(chain))
                .isInstanceOf(ArchivalException.class).hasMessageContaining("already exists with other content");
        assertThat(store.readRange(chain, 1, 10)).hasSize(10);
        assertThat(archive.get(KEY + ".manifest.json")).isEmpty();
    }

    private static byte[] ndjson(List<AuditRecord> records) {
        return records.stream().map(r -> r.json() + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
    }

    /** The same data as {@link DeflateCompression} writes it, at another level: other bytes, the same records. */
    private static byte[] deflateBest(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }
}
