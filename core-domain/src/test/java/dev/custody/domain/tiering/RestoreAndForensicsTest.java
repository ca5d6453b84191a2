package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyStage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreAndForensicsTest extends TieringFixture {

    private final ChainId chain = ChainId.of("bank", "acme");

    @Test
    void restore_bringsARangeBack_checkedAgainstItsManifest_andRecordsTheStage() {
        List<AuditRecord> all = append(store, chain, 30, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);

        RestoreReport r = new Restorer(store, archive, compression, clock).restore(chain, 8, 12, "cli:alice");

        assertThat(r.recordsRestored()).isEqualTo(5);
        assertThat(r.segments()).hasSize(2);
        try (var s = store.restoredRecords().orElseThrow().streamJson(chain, 1, 100)) {
            assertThat(s.toList()).containsExactlyElementsOf(all.subList(7, 12).stream().map(AuditRecord::json).toList());
        }
        ForensicsReport f = new CustodyVerifier(store, archive, compression).verify(all.get(9).id());
        assertThat(f.valid()).as("%s", f.mismatches()).isTrue();
        assertThat(f.stages()).extracting(s -> s.entry().stage())
                .containsExactly(CustodyStage.INGEST, CustodyStage.LEDGER, CustodyStage.ARCHIVE, CustodyStage.RESTORE);
        for (int i = 1; i < f.stages().size(); i++) {
            assertThat(f.stages().get(i).entry().prevHash()).isEqualTo(f.stages().get(i - 1).entry().hash());
        }
        assertThat(f.stages().get(3).entry().actor()).isEqualTo("cli:alice");
    }

    @Test
    void forensics_findsAnArchivedEventInATamperedSegment_andSaysItsOwnLineIsIntact() {
        List<AuditRecord> all = append(store, chain, 20, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        CustodyVerifier verifier = new CustodyVerifier(store, archive, compression);
        assertThat(verifier.verify(all.get(3).id()).valid()).isTrue();

        String key = "bank/acme/2026/01/1-10.ndjson.zst";
        String ndjson = new String(compression.decompress(archive.get(key).orElseThrow(), 1 << 20), StandardCharsets.UTF_8);
        archive.tamper(key, compression.compress(ndjson.replace("app-6\"", "app-7\"").getBytes(StandardCharsets.UTF_8)));

        ForensicsReport f = verifier.verify(all.get(3).id());   // seq 4: its line is intact, seq 7's is not
        assertThat(f.found()).as("found through its damaged segment, not 404").isTrue();
        assertThat(f.seq()).isEqualTo(4);
        assertThat(f.valid()).isFalse();
        assertThat(f.stages()).extracting(s -> s.entry().stage()).containsExactly(CustodyStage.INGEST, CustodyStage.LEDGER, CustodyStage.ARCHIVE);
        assertThat(f.stages().get(0).ok()).isTrue();
        assertThat(f.stages().get(2).problem()).contains("memory:" + key, "object hash mismatch", "Merkle root mismatch",
                "another record does not check: seq 7", "the line of seq 4 itself is intact");

        ForensicsReport changed = verifier.verify(all.get(6).id());
        assertThat(changed.found()).isTrue();
        assertThat(changed.stages().get(0).ok()).as("the only copy no longer matches its hash").isFalse();
        assertThat(changed.stages().get(2).problem()).contains("object hash mismatch",
                "record changed: the archived line of seq 7 does not match its record_hash").doesNotContain("itself is intact");

        ForensicsReport warm = verifier.verify(all.get(19).id());
        assertThat(warm.valid()).isTrue();
        assertThat(warm.stages()).extracting(s -> s.entry().stage()).containsExactly(CustodyStage.INGEST, CustodyStage.LEDGER);
    }

    @Test
    void forensics_namesARecordRewrittenWithARecomputedHash() {
        List<AuditRecord> all = append(store, chain, 20, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        String key = "bank/acme/2026/01/1-10.ndjson.zst";
        AuditRecord r = all.get(4);
        String forged = rehash(r.json().replace("app-4\"", "app-X\""));
        String ndjson = new String(compression.decompress(archive.get(key).orElseThrow(), 1 << 20), StandardCharsets.UTF_8);
        archive.tamper(key, compression.compress(ndjson.replace(r.json(), forged).getBytes(StandardCharsets.UTF_8)));

        ForensicsReport f = new CustodyVerifier(store, archive, compression).verify(r.id());

        assertThat(f.found()).isTrue();
        assertThat(f.stages().get(0).ok()).as("the forged line hashes").isTrue();
        assertThat(f.stages().get(2).problem()).contains("object hash mismatch",
                "record changed: the archived line of seq 5 has a record_hash the next record does not link to", "Merkle root mismatch");
    }

    @Test
    void forensics_reportsAnUnreadableObject_forAnEventFoundInItsRestoredCopy() {
        List<AuditRecord> all = append(store, chain, 20, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        new Restorer(store, archive, compression, clock).restore(chain, 1, 10, "cli:bob");
        String key = "bank/acme/2026/01/1-10.ndjson.zst";
        archive.tamper(key, "not a compressed segment".getBytes(StandardCharsets.UTF_8));

        ForensicsReport f = new CustodyVerifier(store, archive, compression).verify(all.get(3).id());

        assertThat(f.found()).isTrue();
        assertThat(f.stages()).extracting(s -> s.entry().stage())
                .containsExactly(CustodyStage.INGEST, CustodyStage.LEDGER, CustodyStage.ARCHIVE, CustodyStage.RESTORE);
        assertThat(f.stages().get(2).problem()).contains("object hash mismatch", "unreadable object: cannot decompress",
                "the line of seq 4 cannot be read");
        assertThat(f.stages().get(3).ok()).isTrue();
    }

    @Test
    void forensics_findsAnEventBeforeTheDamageOfATruncatedObject() {
        List<AuditRecord> all = append(store, chain, 20, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        String key = "bank/acme/2026/01/1-10.ndjson.zst";
        byte[] b = archive.get(key).orElseThrow();
        archive.tamper(key, java.util.Arrays.copyOf(b, b.length * 2 / 3));

        ForensicsReport f = new CustodyVerifier(store, archive, compression).verify(all.get(0).id());

        assertThat(f.found()).isTrue();
        assertThat(f.stages().get(2).problem()).contains("object hash mismatch", "unreadable object: cannot decompress",
                "the line of seq 1 itself is intact");
        assertThat(new CustodyVerifier(store, archive, compression).verify(all.get(9).id()).found())
                .as("a line past the damage: no tier holds it any more").isFalse();
    }

    private static String rehash(String json) {
        var o = new java.util.LinkedHashMap<String, Object>();
        ((java.util.Map<?, ?>) dev.custody.domain.json.Json.parse(json)).forEach((k, v) -> o.put((String) k, v));
        o.remove("record_hash");
        o.put("record_hash", dev.custody.domain.chain.Sha256.hex(dev.custody.domain.json.Jcs.canonicalBytes(o)));
        return new String(dev.custody.domain.json.Jcs.canonicalBytes(o), StandardCharsets.UTF_8);
    }

    @Test
    void forensics_reportsAnArchiveStageWhoseSegmentNoLongerChecks() {
        List<AuditRecord> all = append(store, chain, 20, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        new Restorer(store, archive, compression, clock).restore(chain, 1, 10, "cli:bob");
        String key = "bank/acme/2026/01/1-10.ndjson.zst";
        byte[] b = archive.get(key).orElseThrow();
        b[5] ^= 1;
        archive.tamper(key, b);

        ForensicsReport f = new CustodyVerifier(store, archive, compression).verify(all.get(3).id());

        assertThat(f.found()).isTrue();
        assertThat(f.valid()).isFalse();
        assertThat(f.stages().get(2).ok()).isFalse();
        assertThat(f.mismatches()).anySatisfy(m -> assertThat(m).startsWith("archive:").contains(key));
    }

    @Test
    void restore_refusesARangeWithNothingArchived() {
        append(store, chain, 5, Duration.ofMinutes(1));
        assertThatThrownBy(() -> new Restorer(store, archive, compression, clock).restore(chain, 1, 3, "x"))
                .isInstanceOf(ArchivalException.class).hasMessageContaining("no archived record");
    }
}
