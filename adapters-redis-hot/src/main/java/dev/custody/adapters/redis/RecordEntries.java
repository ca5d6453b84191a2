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
        args.add(r.id());
        args.add(r.prevHash());
        args.add(r.recordHash());
        args.add(Long.toString(micros(r.recordedAt())));
        args.add(r.kind());
        args.add(r.action());
        args.add(r.actor().type());
        args.add(r.actor().id());
        args.add(r.resource() == null ? "" : r.resource().type());
        args.add(r.resource() == null ? "" : r.resource().id());
        args.add(r.outcome());
        args.add(r.subjectId() == null ? "" : r.subjectId());
    }

    /** The record an entry holds. */
    static AuditRecord toRecord(ChainId chain, String entryId, Map<String, String> f) {
        long seq = Long.parseLong(entryId.substring(entryId.indexOf('-') + 1));
        String rt = f.get("rt");
        Ref resource = rt == null || rt.isEmpty() ? null : new Ref(rt, f.get("ri"));
        String subject = f.get("s");
        return new AuditRecord(chain, seq, f.get("id"), f.get("p"), f.get("h"), fromMicros(Long.parseLong(f.get("t"))),
                f.get("k"), f.get("a"), new Ref(f.get("at"), f.get("ai")), resource, f.get("o"),
                subject == null || subject.isEmpty() ? null : subject, f.get("r"));
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
