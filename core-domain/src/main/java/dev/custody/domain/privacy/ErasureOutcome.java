package dev.custody.domain.privacy;

import java.util.Map;

/** What an erasure request came to. */
public sealed interface ErasureOutcome {

    /**
     * The subject is erased.
     *
     * @param result the erasure result (JSON object: erasure_id, subject_pseudonym, reason, requested_by,
     *     erased_at, deleted, errors, records)
     * @param performedNow false when the subject had been erased before and this is that earlier result
     */
    record Erased(Map<String, Object> result, boolean performedNow) implements ErasureOutcome {
        public Erased {
            result = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
        }
    }

    /** Custody holds nothing of this subject and never erased it. */
    record UnknownSubject() implements ErasureOutcome {
    }
}
