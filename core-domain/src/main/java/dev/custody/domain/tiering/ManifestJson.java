package dev.custody.domain.tiering;

import dev.custody.domain.chain.Timestamps;
import dev.custody.domain.json.Jcs;
import dev.custody.domain.json.Json;
import dev.custody.ports.ArchiveManifest;
import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads manifests as canonical (RFC 8785) JSON, one object, UTF-8. */
public final class ManifestJson {

    private ManifestJson() {
    }

    /** The manifest's bytes. */
    public static byte[] write(ArchiveManifest m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("archive_date", Timestamps.formatMicros(m.archiveDate()));
        o.put("file", m.file());
        o.put("count", m.count());
        o.put("first_seq", m.firstSeq());
        o.put("last_seq", m.lastSeq());
        o.put("first_prev_hash", m.firstPrevHash());
        o.put("last_record_hash", m.lastRecordHash());
        o.put("sha256", m.sha256());
        o.put("merkle_root", m.merkleRoot());
        o.put("namespace", m.chain().namespace());
        o.put("tenant", m.chain().tenant());
        o.put("compression", m.compression());
        List<Object> custody = new ArrayList<>();
        for (CustodyRange r : m.custody()) {
            custody.add(CustodyHashes.rangeFields(r, true));
        }
        o.put("custody", custody);
        return Jcs.canonicalBytes(o);
    }

    /**
     * Parses a manifest.
     *
     * @throws IllegalArgumentException saying which field is missing or malformed
     */
    public static ArchiveManifest read(byte[] bytes) {
        Object tree;
        try {
            tree = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("manifest is not valid JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> o)) {
            throw new IllegalArgumentException("manifest is not a JSON object");
        }
        ChainId chain = ChainId.of(str(o, "namespace"), str(o, "tenant"));
        List<CustodyRange> custody = new ArrayList<>();
        if (o.get("custody") instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> r)) {
                    throw new IllegalArgumentException("manifest custody entries must be objects");
                }
                custody.add(new CustodyRange(chain, num(r, "first_seq"), num(r, "last_seq"),
                        CustodyStage.fromWire(str(r, "stage")), Timestamps.parse(str(r, "ts")), str(r, "location"),
                        str(r, "actor"), str(r, "records_root"), str(r, "hash")));
            }
        }
        return new ArchiveManifest(Timestamps.parse(str(o, "archive_date")), str(o, "file"), num(o, "count"),
                num(o, "first_seq"), num(o, "last_seq"), str(o, "first_prev_hash"), str(o, "last_record_hash"),
                str(o, "sha256"), str(o, "merkle_root"), chain, str(o, "compression"), custody);
    }

    private static String str(Map<?, ?> o, String field) {
        if (o.get(field) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("manifest field " + field + " is missing or not a string");
    }

    private static long num(Map<?, ?> o, String field) {
        if (o.get(field) instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("manifest field " + field + " is missing or not an integer");
    }
}
