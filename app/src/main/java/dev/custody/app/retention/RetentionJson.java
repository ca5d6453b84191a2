package dev.custody.app.retention;

import dev.custody.domain.retention.RetentionResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of a {@link RetentionResult}, shared by the API and the CLI. */
public final class RetentionJson {

    private RetentionJson() {
    }

    public static Map<String, Object> of(RetentionResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dry_run", r.dryRun());
        out.put("run_at", r.startedAt().toString());
        out.put("took_ms", r.took().toMillis());
        out.put("archived", r.archived());
        out.put("deleted", r.deleted());
        out.put("chains", r.chains());
        out.put("notes", r.notes());
        out.put("record", r.record().isEmpty() ? null : r.record());
        return out;
    }
}
