package dev.custody.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.domain.tiering.StoredRecords;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private final RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, Clock.systemUTC());
    private final ChainVerifier verifier = new ChainVerifier();

    @Test
    void verify_emptyChainIsValidWithNothingChecked() {
        Verification v = verifier.verify(new MemoryAuditStore(), CHAIN);
        assertThat(v.valid()).isTrue();
        assertThat(v.recordsChecked()).isZero();
        assertThat(v.firstRecordId()).isNull();
    }

    @Test
    void verify_anySingleByteChangeIsCaughtAtThatRecord() {
        List<String> lines = lines(20);
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            int victim = random.nextInt(lines.size());
            byte[] bytes = lines.get(victim).getBytes(StandardCharsets.UTF_8);
            int at = random.nextInt(bytes.length);
            byte replacement = (byte) (0x20 + random.nextInt(0x5F));
            if (bytes[at] == replacement || bytes[at] < 0) {
                continue;
            }
            bytes[at] = replacement;
            List<String> tampered = new ArrayList<>(lines);
            tampered.set(victim, new String(bytes, StandardCharsets.UTF_8));
            Verification v = verifier.verify(tampered.iterator(), CHAIN, 0, "genesis");
            assertThat(v.valid()).as("byte %d of record %d changed to '%c'", at, victim + 1, (char) replacement).isFalse();
            assertThat(((Verification.Broken) v).position()).isEqualTo(victim + 1);
        }
    }

    @Test
    void verify_aRecordTheStoreCannotReadBack_isBrokenAtThatRecord_namingItsSeqAndWhere() {
        List<String> lines = lines(5);
        java.util.Iterator<String> readable = lines.iterator();
        java.util.Iterator<String> store = new java.util.Iterator<>() {
            private int read;

            @Override
            public boolean hasNext() {
                return readable.hasNext();
            }

            @Override
            public String next() {
                if (++read == 3) {
                    throw new ChainUnreadableException(CHAIN, 3, "stream chain billing/acme: /data/2026-11-23.jsonl line 3:"
                            + " seq 3 does not decrypt with keyset store", null);
                }
                return readable.next();
            }
        };
        Verification v = verifier.verify(store, CHAIN, 0, "genesis");
        assertThat(v.valid()).isFalse();
        assertThat(v.recordsChecked()).isEqualTo(3);
        assertThat(((Verification.Broken) v).position()).isEqualTo(3);
        assertThat(v.firstBrokenAt()).as("its id cannot be read").isNull();
        assertThat(v.lastRecordId()).isEqualTo(StoredRecords.idOf(lines.get(1)));
        assertThat(v.reason()).isEqualTo("record seq 3 cannot be read: stream chain billing/acme: /data/2026-11-23.jsonl"
                + " line 3: seq 3 does not decrypt with keyset store");
    }

    @Test
    void verify_nonCanonicalButEquivalentRecordsStillVerify() {
        List<String> spaced = lines(5).stream().map(l -> l.replace(",\"", ", \"").replace("\":", "\": ")).toList();
        Verification v = verifier.verify(spaced.iterator(), CHAIN, 0, "genesis");
        assertThat(v.valid()).as(String.valueOf(v.reason())).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(5);
    }

    @Test
    void verify_nonCanonicalRecordRehashedOverItsOwnBytesIsBroken() {
        // A forger who hashes non-canonical bytes must not pass: the hash is defined over the canonical form.
        List<String> lines = new ArrayList<>(lines(1));
        String original = lines.get(0);
        String noHash = original.replaceFirst(",\"record_hash\":\"[0-9a-f]{64}\"", "");
        String spacedNoHash = noHash.replace("\"action\":", "\"action\": ");
        String forgedHash = Sha256.hex(spacedNoHash);
        String forged = spacedNoHash.replace(",\"recorded_at\"", ",\"record_hash\":\"" + forgedHash + "\",\"recorded_at\"");
        Verification v = verifier.verify(List.of(forged).iterator(), CHAIN, 0, "genesis");
        assertThat(v.valid()).isFalse();
        assertThat(v.reason()).contains("record_hash does not match");
    }

    @Test
    void verify_rangeLinksToTheRecordBeforeIt() {
        MemoryAuditStore store = new MemoryAuditStore();
        List<AuditRecord> records = encoder.encodeEvents(ChainTip.GENESIS, events(30));
        store.append(CHAIN, ChainTip.GENESIS, records);
        Verification v = verifier.verify(store, CHAIN, 10, 20);
        assertThat(v.valid()).isTrue();
        assertThat(v.recordsChecked()).isEqualTo(11);
        assertThat(v.firstRecordId()).isEqualTo(records.get(9).id());
        assertThat(((Verification.Valid) v).lastSeq()).isEqualTo(20);
    }

    @Test
    void verify_recordOfAnotherChainIsBroken() {
        List<String> lines = new ArrayList<>(lines(3));
        List<AuditRecord> foreign = encoder.encodeEvents(new ChainTip(1, "x".repeat(64), java.time.Instant.EPOCH),
                List.of(Events.llmCall(ChainId.of("billing", "globex"), 1)));
        lines.set(1, foreign.get(0).json());
        Verification v = verifier.verify(lines.iterator(), CHAIN, 0, "genesis");
        assertThat(v.firstBrokenAt()).isEqualTo(foreign.get(0).id());
        assertThat(v.reason()).contains("belongs to chain billing/globex");
    }

    @Test
    void verifyExport_garbageLineIsBrokenWithAReason() {
        List<String> lines = new ArrayList<>(lines(3));
        lines.set(2, "{not json");
        Verification v = verifier.verifyExport(lines.iterator());
        assertThat(v.valid()).isFalse();
        assertThat(((Verification.Broken) v).position()).isEqualTo(3);
        assertThat(v.reason()).contains("not a valid JSON object");
    }

    @Test
    void verifyExport_seq1LinksToGenesis_evenRehashed_andTellsWhetherTheExportStartsThere() {
        List<String> lines = new ArrayList<>(lines(3));
        Verification whole = verifier.verifyExport(lines.iterator());
        assertThat(ChainVerifier.startsAtGenesis((Verification.Valid) whole)).isTrue();
        assertThat(ChainVerifier.startsAtGenesis((Verification.Valid) verifier.verifyExport(lines.subList(1, 3).iterator()))).isFalse();

        var first = new java.util.LinkedHashMap<String, Object>();
        ((java.util.Map<?, ?>) dev.custody.domain.json.Json.parse(lines.get(0))).forEach((k, v) -> first.put((String) k, v));
        first.put("prev_hash", "0".repeat(64));
        first.remove("record_hash");
        first.put("record_hash", Sha256.hex(dev.custody.domain.json.Jcs.canonicalBytes(first)));
        Verification v = verifier.verifyExport(List.of(new String(dev.custody.domain.json.Jcs.canonicalBytes(first),
                StandardCharsets.UTF_8)).iterator());
        assertThat(v.valid()).isFalse();
        assertThat(v.reason()).contains("prev_hash does not match");
    }

    private List<String> lines(int n) {
        return encoder.encodeEvents(ChainTip.GENESIS, events(n)).stream().map(AuditRecord::json).toList();
    }

    private static List<AuditEvent> events(int n) {
        List<AuditEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Events.llmCall(CHAIN, i));
        }
        return out;
    }
}
