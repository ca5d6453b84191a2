package dev.custody.adapters.redis;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.Ref;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A record as a stream entry: the stored line ({@code r}) plus the index fields, so reading needs no JSON
 * parser. The entry id is {@code <recorded_at ms>-<seq>}: increasing with seq (recorded_at never goes back
 * within a chain), and it makes a time window one XRANGE.
 */
final class RecordEntries {

    private RecordEntries() {
    }

    static String entryId(AuditRecord r) {
        return r.recordedAt().toEpochMilli() + "-" + r.seq();
    }

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    static long bucket(Instant t) {
        long s = t.getEpochSecond();
        return s - Math.floorMod(s, HotTierSettings.BUCKET_SECONDS);
    }

    /** The script arguments of one record (see {@link RecentScript}). */
    static void addArgs(AuditRecord r, List<String> args) {
        args.add(Long.toString(r.seq()));
        args.add(entryId(r));
        args.add(r.seq() == 1 ? "0" : Long.toString(micros(r.recordedAt()) + 1));
        args.add(Long.toString(bucket(r.recordedAt())));
        args.add(r.json());
        args.add(index(r));
        args.add(r.action());
        args.add(r.outcome());
        args.add(r.actor().id());
    }

    /**
     * The index fields of a record packed into one value: each as its length in chars, {@code ':'}, and the
     * text. One field instead of twelve makes the stream reply a quarter as many strings, which is most of what
     * a read of the current minute costs (ADR 0078).
     */
    static String index(AuditRecord r) {
        StringBuilder sb = new StringBuilder(256);
        for (String v : new String[] {r.id(), r.prevHash(), r.recordHash(), Long.toString(micros(r.recordedAt())), r.kind(),
                r.action(), r.actor().type(), r.actor().id(), r.resource() == null ? "" : r.resource().type(),
                r.resource() == null ? "" : r.resource().id(), r.outcome(), r.subjectId() == null ? "" : r.subjectId()}) {
            sb.append(v.length()).append(':').append(v);
        }
        return sb.toString();
    }

    /** The record an entry holds: {@code r} and the packed {@code m}, or the twelve fields of entries written before. */
    static AuditRecord toRecord(ChainId chain, String entryId, Map<String, String> f) {
        long seq = Long.parseLong(entryId.substring(entryId.indexOf('-') + 1));
        String packed = f.get("m");
        String[] v = packed == null
                ? new String[] {f.get("id"), f.get("p"), f.get("h"), f.get("t"), f.get("k"), f.get("a"), f.get("at"),
                    f.get("ai"), f.get("rt"), f.get("ri"), f.get("o"), f.get("s")}
                : unpack(packed, entryId);
        Ref resource = v[8] == null || v[8].isEmpty() ? null : new Ref(v[8], v[9]);
        return new AuditRecord(chain, seq, v[0], v[1], v[2], fromMicros(Long.parseLong(v[3])), v[4], v[5],
                new Ref(v[6], v[7]), resource, v[10], v[11] == null || v[11].isEmpty() ? null : v[11], f.get("r"));
    }

    private static String[] unpack(String packed, String entryId) {
        String[] v = new String[12];
        int at = 0;
        for (int i = 0; i < v.length; i++) {
            int colon = packed.indexOf(':', at);
            int length = colon < 0 ? -1 : length(packed, at, colon);
            int end = colon + 1 + length;
            if (length < 0 || end > packed.length()) {
                throw new IllegalStateException("hot tier entry " + entryId + " has a malformed index field at value " + i);
            }
            v[i] = packed.substring(colon + 1, end);
            at = end;
        }
        if (at != packed.length()) {
            throw new IllegalStateException("hot tier entry " + entryId + " has text after its index fields");
        }
        return v;
    }

    private static int length(String packed, int from, int to) {
        try {
            return Integer.parseInt(packed, from, to, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The heap a record read from an entry takes, estimated for the read cache's bound (ADR 0112): its line (one byte
     * a char, two when it holds a char beyond Latin-1, as Java stores strings) plus 832 bytes for the index strings
     * and the objects around them. Measured: records with 485-char lines took 1,290 bytes each with the cache's slots.
     */
    static long weight(AuditRecord r) {
        String line = r.json();
        int perChar = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        return (long) perChar * line.length() + 832;
    }

    /** @throws IllegalArgumentException when the records are not contiguous records of {@code chain} */
    static void checkContiguous(ChainId chain, List<AuditRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            if (!r.chain().equals(chain)) {
                throw new IllegalArgumentException("record " + r.id() + " belongs to " + r.chain() + ", not " + chain);
            }
            if (i > 0 && r.seq() != records.get(i - 1).seq() + 1) {
                throw new IllegalArgumentException("records of " + chain + " are not contiguous at seq " + r.seq());
            }
        }
    }
}
