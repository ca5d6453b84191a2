package dev.custody.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.domain.chain.Verification;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link Verification} as the API writes it: {@code {valid, records_checked, first_broken_at, ...}}. */
final class VerificationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VerificationJson() {
    }

    static String of(Verification v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", v.valid());
        m.put("records_checked", v.recordsChecked());
        m.put("first_broken_at", v.firstBrokenAt());
        m.put("first_record_id", v.firstRecordId());
        m.put("last_record_id", v.lastRecordId());
        m.put("reason", v.reason());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a verification as JSON", e);
        }
    }

    /** The exit code of a verification: 0 valid, 1 broken. */
    static int exitCode(Verification v) {
        return v.valid() ? 0 : 1;
    }
}
