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
    void forensics_findsAnArchivedEventAndReportsATamperedSegment() {
        List<AuditRecord> all = append(store, chain, 20, Duration.ofMinutes(1));
        clock.now = clock.now.plus(Duration.ofDays(2));
        archiver(Duration.ofDays(1), 10).archive(chain);
        CustodyVerifier verifier = new CustodyVerifier(store, archive, compression);
        assertThat(verifier.verify(all.get(3).id()).valid()).isTrue();

        String key = "bank/acme/2026/01/1-10.ndjson.zst";
        String ndjson = new String(compression.decompress(archive.get(key).orElseThrow(), 1 << 20), StandardCharsets.UTF_8);
        archive.tamper(key, compression.compress(ndjson.replace("app-6\"", "app-7\"").getBytes(StandardCharsets.UTF_8)));

        ForensicsReport f = verifier.verify(all.get(3).id());
        assertThat(f.found()).isFalse();   // the only copy no longer checks, so no tier vouches for it
        ForensicsReport warm = verifier.verify(all.get(19).id());
        assertThat(warm.valid()).isTrue();
        assertThat(warm.stages()).extracting(s -> s.entry().stage()).containsExactly(CustodyStage.INGEST, CustodyStage.LEDGER);
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
