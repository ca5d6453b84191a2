package dev.custody.domain.tiering;

import dev.custody.domain.chain.Sha256;
import dev.custody.domain.chain.Timestamps;
import dev.custody.domain.json.Jcs;
import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyEntry;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How custody rows and per-event custody entries are hashed (ADR 0053). A range row's {@code hash} is the
 * SHA-256 of the RFC 8785 form of its other fields; an event's entry hash is the SHA-256 of the RFC 8785 form
 * of {@code {event_id, stage, ts, prev_hash, location, actor, record_hash}}, {@code prev_hash} being the
 * previous stage's entry hash ({@code "genesis"} for ingest).
 */
public final class CustodyHashes {

    /** The actor of the derived ingest and ledger stages: the service itself. */
    public static final String SERVICE_ACTOR = "custody";

    private CustodyHashes() {
    }

    /** A range row with its hash computed. */
    public static CustodyRange range(ChainId chain, long firstSeq, long lastSeq, CustodyStage stage, Instant ts,
            String location, String actor, String recordsRoot) {
        CustodyRange unhashed = new CustodyRange(chain, firstSeq, lastSeq, stage, ts, location, actor, recordsRoot, "");
        return new CustodyRange(chain, firstSeq, lastSeq, stage, ts, location, actor, recordsRoot, rangeHash(unhashed));
    }

    /** The hash a range row must carry. */
    public static String rangeHash(CustodyRange r) {
        return Sha256.hex(Jcs.canonicalBytes(rangeFields(r, false)));
    }

    /** The row as a JSON object, with or without its hash. */
    static Map<String, Object> rangeFields(CustodyRange r, boolean withHash) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("namespace", r.chain().namespace());
        o.put("tenant", r.chain().tenant());
        o.put("first_seq", r.firstSeq());
        o.put("last_seq", r.lastSeq());
        o.put("stage", r.stage().wireName());
        o.put("ts", Timestamps.formatMicros(r.ts()));
        o.put("location", r.location());
        o.put("actor", r.actor());
        o.put("records_root", r.recordsRoot());
        if (withHash) {
            o.put("hash", r.hash());
        }
        return o;
    }

    /** The entry of one event for one stage, linked to {@code prevHash}. */
    public static CustodyEntry entry(String eventId, String recordHash, CustodyStage stage, Instant ts, String prevHash,
            String location, String actor) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("event_id", eventId);
        o.put("stage", stage.wireName());
        o.put("ts", Timestamps.formatMicros(ts));
        o.put("prev_hash", prevHash);
        o.put("location", location);
        o.put("actor", actor);
        o.put("record_hash", recordHash);
        return new CustodyEntry(eventId, stage, ts, Sha256.hex(Jcs.canonicalBytes(o)), prevHash, location, actor);
    }
}
