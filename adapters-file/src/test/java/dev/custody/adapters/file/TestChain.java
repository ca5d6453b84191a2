package dev.custody.adapters.file;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.Ref;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Builds records that look like a valid chain: keys in canonical order, prev_hash linking to the
 * previous record_hash. The hashes are not real (the store does not check them).
 */
final class TestChain {

    static final Instant T0 = Instant.parse("2026-11-23T06:00:00.000001Z");
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    final ChainId chain;
    private long seq;
    private String prev = ChainTip.GENESIS_HASH;
    private Instant at;
    private ChainTip tip = ChainTip.GENESIS;

    TestChain(ChainId chain, Instant start) {
        this.chain = chain;
        this.at = start;
    }

    static TestChain of(String namespace, String tenant) {
        return new TestChain(ChainId.of(namespace, tenant), T0);
    }

    /** A builder whose first record continues {@code after} (seq, hash, and one second later). */
    static TestChain after(ChainId chain, ChainTip after) {
        TestChain t = new TestChain(chain, after.isGenesis() ? T0 : after.recordedAt());
        t.seq = after.seq();
        t.prev = after.recordHash();
        t.tip = after;
        return t;
    }

    /** The tip after every record made so far. */
    ChainTip tip() {
        return tip;
    }

    /** The next record, one second after the previous one. */
    AuditRecord next() {
        return next(at.plusSeconds(1), "decision", "u", null);
    }

    /** The next {@code n} records, one second apart. */
    List<AuditRecord> next(int n) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** The next record at {@code when}. */
    AuditRecord nextAt(Instant when) {
        return next(when, "decision", "u", null);
    }

    /** The next record, {@code gap} after the previous one. */
    AuditRecord nextAfter(Duration gap) {
        return nextAt(at.plus(gap));
    }

    /** The next record with the given filterable fields; {@code subjectId} may be null. */
    AuditRecord next(Instant when, String kind, String actorId, String subjectId) {
        return next(when, kind, actorId, subjectId,
                "{\"note\":\"caf\u00e9 \u2713\",\"nested\":{\"seq\":999,\"list\":[1,{\"seq\":7}]}}");
    }

    /** The next record, one second after the previous one, with {@code payload} (JSON text) as its payload. */
    AuditRecord nextWithPayload(String payload) {
        return next(at.plusSeconds(1), "decision", "u", null, payload);
    }

    private AuditRecord next(Instant when, String kind, String actorId, String subjectId, String payload) {
        seq++;
        at = when;
        String id = UUID.nameUUIDFromBytes((chain + "/" + seq).getBytes(StandardCharsets.UTF_8)).toString();
        String hash = sha256(chain + "/" + seq + "/" + prev);
        Ref actor = new Ref("user", actorId);
        Ref resource = seq % 2 == 0 ? new Ref("document", "doc-" + seq) : null;
        String outcome = seq % 3 == 0 ? "denied" : "ok";
        StringBuilder json = new StringBuilder();
        json.append("{\"action\":\"act-").append(seq % 2).append('"')
                .append(",\"actor\":{\"id\":\"").append(actorId).append("\",\"type\":\"user\"}")
                .append(",\"id\":\"").append(id).append('"')
                .append(",\"kind\":\"").append(kind).append('"')
                .append(",\"namespace\":\"").append(chain.namespace()).append('"')
                .append(",\"outcome\":\"").append(outcome).append('"')
                .append(",\"payload\":").append(payload)
                .append(",\"prev_hash\":\"").append(prev).append('"')
                .append(",\"record_hash\":\"").append(hash).append('"')
                .append(",\"recorded_at\":\"").append(MICROS.format(when)).append('"');
        if (resource != null) {
            json.append(",\"resource\":{\"id\":\"").append(resource.id()).append("\",\"type\":\"document\"}");
        }
        json.append(",\"seq\":").append(seq);
        if (subjectId != null) {
            json.append(",\"subject_id\":\"").append(subjectId).append('"');
        }
        json.append(",\"tenant\":\"").append(chain.tenant()).append("\",\"v\":1}");
        AuditRecord r = new AuditRecord(chain, seq, id, prev, hash, when, kind, "act-" + (seq % 2), actor,
                resource, outcome, subjectId, json.toString());
        prev = hash;
        tip = ChainTip.of(r);
        return r;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
