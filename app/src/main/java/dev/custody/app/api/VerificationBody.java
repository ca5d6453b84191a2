package dev.custody.app.api;

import dev.custody.domain.chain.Verification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Verification} as the API and the CLI print it: {@code {valid, records_checked, first_broken_at,
 * first_record_id, last_record_id, reason}}, in that order, nulls included.
 */
public final class VerificationBody {

    private VerificationBody() {
    }

    /** The fields of {@code v}, ready for a JSON writer. */
    public static Map<String, Object> of(Verification v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", v.valid());
        m.put("records_checked", v.recordsChecked());
        m.put("first_broken_at", v.firstBrokenAt());
        m.put("first_record_id", v.firstRecordId());
        m.put("last_record_id", v.lastRecordId());
        m.put("reason", v.reason());
        return m;
    }

    /**
     * A verification across tiers: the fields of {@link #of(Verification)}, then {@code tiers: {segments_checked,
     * archived_records, broken_segment}}.
     */
    public static Map<String, Object> of(dev.custody.domain.tiering.TieredVerification v) {
        Map<String, Object> m = of(v.verification());
        Map<String, Object> tiers = new LinkedHashMap<>();
        tiers.put("segments_checked", v.segmentsChecked());
        tiers.put("archived_records", v.archivedRecords());
        tiers.put("broken_segment", v.brokenSegment());
        m.put("tiers", tiers);
        return m;
    }
}
