package dev.custody.domain.chain;

import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import dev.custody.ports.ChainUnreadableException;
import dev.custody.ports.RecordLimits;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Walks records in seq order and stops at the first one that is not intact or not linked. Per record
 * it checks, using only the stored JSON: it is a format-v1 record of the expected chain; its
 * {@code record_hash} recomputes (RFC 8785 + SHA-256 over the record without {@code record_hash});
 * its {@code seq} is the next one; its {@code prev_hash} is the previous record's {@code record_hash}.
 *
 * <p>What it cannot see: records cut off after the newest one checked. Compare the tip with one kept
 * elsewhere to detect that.
 */
public final class ChainVerifier {

    /** Verifies the whole chain. */
    public Verification verify(AuditStore store, ChainId chain) {
        return verify(store, chain, 1, Long.MAX_VALUE);
    }

    /**
     * Verifies the whole chain as retained: when its oldest records were deleted by retention, from the oldest
     * retained record on, linked to the {@code record_hash} {@code anchors} recorded for the record before it. A
     * missing prefix that no anchor accounts for is reported broken.
     */
    public Verification verify(AuditStore store, ChainId chain, ChainAnchors anchors) {
        return heldAsRecorded(retained(store, chain, anchors), chain, anchors);
    }

    private Verification retained(AuditStore store, ChainId chain, ChainAnchors anchors) {
        long first;
        try (Stream<dev.custody.ports.AuditRecord> s = store.stream(chain, 1, Long.MAX_VALUE)) {
            first = s.findFirst().map(dev.custody.ports.AuditRecord::seq).orElse(1L);
        } catch (ChainUnreadableException e) {
            return unreadable(e, 0, null, null);
        }
        if (first <= 1) {
            return verify(store, chain);
        }
        java.util.Optional<String> anchor = anchors.recordHashOf(chain, first - 1);
        try (Stream<String> records = store.streamJson(chain, first, Long.MAX_VALUE)) {
            if (anchor.isEmpty()) {
                return verify(records.iterator(), chain, 0, ChainTip.GENESIS_HASH);
            }
            return verify(records.iterator(), chain, first - 1, anchor.get());
        } catch (ChainUnreadableException e) {
            return unreadable(e, 0, null, null);
        }
    }

    /**
     * A valid result whose last record lies below what {@code anchors} say the chain held is broken: records at
     * its end (or the whole chain) were removed, which the links between the remaining records cannot show.
     */
    public static Verification heldAsRecorded(Verification v, ChainId chain, ChainAnchors anchors) {
        if (!(v instanceof Verification.Valid ok)) {
            return v;
        }
        java.util.OptionalLong held = anchors.heldThrough(chain);
        if (held.isEmpty() || held.getAsLong() <= ok.lastSeq()) {
            return v;
        }
        return new Verification.Broken(ok.recordsChecked(), null, ok.recordsChecked() + 1, ok.firstRecordId(), ok.lastRecordId(),
                (ok.recordsChecked() == 0 ? "the chain holds no records" : "the chain ends at seq " + ok.lastSeq())
                        + ", but a retention record says it held seq " + held.getAsLong()
                        + " (retention never deletes a chain's newest record): records were removed outside retention");
    }

    /**
     * Verifies records {@code fromSeq..toSeq}. The first is linked to record {@code fromSeq - 1} as
     * stored; when that record is no longer held, the range is checked from its first record on.
     */
    public Verification verify(AuditStore store, ChainId chain, long fromSeq, long toSeq) {
        long anchorSeq = 0;
        String anchorHash = ChainTip.GENESIS_HASH;
        if (fromSeq > 1) {
            String line;
            try (Stream<String> prev = store.streamJson(chain, fromSeq - 1, fromSeq - 1)) {
                line = prev.findFirst().orElse(null);
            } catch (ChainUnreadableException e) {
                line = null;
            }
            StoredRecordFields f = line == null ? null : fields(line);
            if (f != null && f.recordHash() != null) {
                anchorSeq = fromSeq - 1;
                anchorHash = f.recordHash();
            } else {
                anchorSeq = -1;
                anchorHash = null;
            }
        }
        try (Stream<String> records = store.streamJson(chain, fromSeq, toSeq)) {
            return verify(records.iterator(), chain, anchorSeq, anchorHash);
        } catch (ChainUnreadableException e) {
            return unreadable(e, 0, null, null);
        }
    }

    /**
     * Verifies an export: NDJSON lines of one chain in seq order, each a stored record. The chain is
     * the first record's; an export that starts after seq 1 is checked from its first record on (see
     * {@link #startsAtGenesis} for whether it is the whole chain).
     */
    public Verification verifyExport(Iterator<String> lines) {
        return verify(lines, null, -1, null);
    }

    /**
     * Whether a valid export holds the chain from its start: its first record is seq 1, which {@link #verifyExport}
     * has checked links to {@code genesis}. An export that starts later, or holds no record, cannot show that nothing
     * before it was cut off. (Nothing can show that nothing after it was: compare the tip with one kept elsewhere.)
     */
    public static boolean startsAtGenesis(Verification.Valid v) {
        return v.recordsChecked() > 0 && v.lastSeq() - v.recordsChecked() + 1 == 1;
    }

    /**
     * Verifies {@code records} (stored JSON, in order). A record the store cannot read back (the iterator throws
     * {@link ChainUnreadableException}: it does not decrypt or does not decode) breaks the chain at that record.
     *
     * @param chain the chain every record must belong to, or null to take the first record's
     * @param anchorSeq seq of the record before the first, 0 for the chain start, -1 to accept the
     *     first record's seq and prev_hash as they are
     * @param anchorHash record_hash of the record before the first ({@code "genesis"} at the start), or
     *     null with anchorSeq -1
     */
    public Verification verify(Iterator<String> records, ChainId chain, long anchorSeq, String anchorHash) {
        long expectedSeq = anchorSeq + 1;
        String expectedPrev = anchorHash;
        String namespace = chain == null ? null : chain.namespace();
        String tenant = chain == null ? null : chain.tenant();
        long checked = 0;
        String firstId = null;
        String lastId = null;
        long lastSeq = Math.max(anchorSeq, 0);
        while (true) {
            String line;
            try {
                if (!records.hasNext()) {
                    break;
                }
                line = records.next();
            } catch (ChainUnreadableException e) {
                return unreadable(e, checked, firstId, lastId);
            }
            checked++;
            StoredRecordFields f;
            try {
                f = fields(line);
            } catch (IllegalArgumentException e) {
                return new Verification.Broken(checked, null, checked, firstId, lastId,
                        "record " + checked + " is not a valid JSON object: " + e.getMessage());
            }
            if (firstId == null) {
                firstId = f.id();
            }
            lastId = f.id();
            boolean unanchored = anchorSeq < 0 && checked == 1;   // seq 1 still links to genesis
            String problem = problem(f, namespace, tenant, unanchored ? f.seq() : expectedSeq,
                    !unanchored ? expectedPrev : f.seq() == 1 ? ChainTip.GENESIS_HASH : f.prevHash());
            if (problem != null) {
                return new Verification.Broken(checked, f.id(), checked, firstId, lastId, problem);
            }
            namespace = f.namespace();
            tenant = f.tenant();
            expectedSeq = f.seq() + 1;
            expectedPrev = f.recordHash();
            lastSeq = f.seq();
        }
        return new Verification.Valid(checked, firstId, lastId, lastSeq, expectedPrev);
    }

    /**
     * Why verification stops at a record the store cannot read: {@code record seq N cannot be read: <where and why>}.
     */
    public static String unreadableReason(ChainUnreadableException e) {
        return (e.seq() > 0 ? "record seq " + e.seq() + " cannot be read: " : "the chain cannot be read: ") + e.getMessage();
    }

    /** Broken at the record after the {@code checked} ones read so far, which the store cannot read. */
    private static Verification unreadable(ChainUnreadableException e, long checked, String firstId, String lastId) {
        return new Verification.Broken(checked + 1, null, checked + 1, firstId, lastId, unreadableReason(e));
    }

    private static String problem(StoredRecordFields f, String namespace, String tenant, long seq, String prev) {
        if (f.v() != 1) {
            return "unsupported or missing format version v (expected 1)";
        }
        if (f.id() == null || f.recordHash() == null || f.prevHash() == null || f.seq() < 1
                || f.namespace() == null || f.tenant() == null) {
            return "missing or malformed id, seq, prev_hash, record_hash, namespace or tenant";
        }
        if (namespace != null && (!namespace.equals(f.namespace()) || !tenant.equals(f.tenant()))) {
            return "belongs to chain " + f.namespace() + "/" + f.tenant() + ", expected " + namespace + "/" + tenant;
        }
        if (!f.recordHash().equals(f.computedHash())) {
            return "record_hash does not match the record's content (recomputed " + f.computedHash() + ")";
        }
        if (f.seq() != seq) {
            return "expected seq " + seq + ", found " + f.seq()
                    + (f.seq() > seq ? " (records missing or out of order)" : " (records duplicated or out of order)");
        }
        if (!f.prevHash().equals(prev)) {
            return "prev_hash does not match the record_hash of seq " + (seq - 1);
        }
        return null;
    }

    /**
     * The linking fields of one stored record and its recomputed hash: from the stored bytes when they
     * are canonical, otherwise by parsing and canonicalising.
     *
     * @throws IllegalArgumentException when it is not a JSON object
     */
    static StoredRecordFields fields(String line) {
        StoredRecordFields fast = CanonicalScanner.scan(line.getBytes(StandardCharsets.UTF_8));
        if (fast != null && fast.recordHash() != null && fast.recordHash().equals(fast.computedHash())) {
            return fast;
        }
        Object tree = Json.parse(line, RecordLimits.READER_MAX_DEPTH);
        if (!(tree instanceof Map<?, ?> parsed)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> record = new LinkedHashMap<>();
        parsed.forEach((k, v) -> record.put((String) k, v));
        Object hash = record.remove("record_hash");
        String computed = Sha256.hex(Jcs.canonicalBytes(record));
        return new StoredRecordFields(str(record.get("id")), integer(record.get("seq")), str(record.get("prev_hash")),
                str(hash), str(record.get("namespace")), str(record.get("tenant")), integer(record.get("v")), computed);
    }

    private static String str(Object o) {
        return o instanceof String s ? s : null;
    }

    private static long integer(Object o) {
        return o instanceof Long l && l >= 0 ? l : -1;
    }
}
