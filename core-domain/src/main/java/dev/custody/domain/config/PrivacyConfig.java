package dev.custody.domain.config;

import static java.util.Objects.requireNonNull;

import dev.custody.domain.privacy.PayloadPointer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Personal-data protection, minimisation and the stores of subject data.
 *
 * @param personalData whether subject ids are pseudonymised and personal fields encrypted per subject
 *     ({@code custody.personal-data.enabled}; on by default when fields are listed)
 * @param personalFields JSON pointers of the payload fields encrypted per subject ({@code custody.personal-data.fields})
 * @param minimisation allow and deny lists by event kind ({@code custody.minimisation.<kind>.allow|deny})
 * @param redactors custom minimisation rules, applied in order ({@code custody.minimisation.redactors})
 * @param subjectStores the stores of subject data erasure and retention reach ({@code custody.subject-data.stores})
 * @param checkpoints the size and per-tenant limits of conversation checkpoints ({@code custody.subject-data.max-checkpoint-*})
 */
public record PrivacyConfig(boolean personalData, List<PayloadPointer> personalFields, Map<String, KindRule> minimisation,
        List<BackendConfig> redactors, List<BackendConfig> subjectStores, CheckpointLimits checkpoints) {

    /** Nothing protected, nothing minimised, no subject data stores. */
    public static final PrivacyConfig NONE = new PrivacyConfig(false, List.of(), Map.of(), List.of(), List.of(),
            CheckpointLimits.DEFAULT);

    public PrivacyConfig {
        personalFields = List.copyOf(requireNonNull(personalFields, "personalFields is null"));
        minimisation = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(minimisation, "minimisation is null")));
        redactors = List.copyOf(requireNonNull(redactors, "redactors is null"));
        subjectStores = List.copyOf(requireNonNull(subjectStores, "subjectStores is null"));
        requireNonNull(checkpoints, "checkpoints is null");
        if (!personalData && !personalFields.isEmpty()) {
            throw new IllegalArgumentException("Invalid value for custody.personal-data.enabled=false: "
                    + "custody.personal-data.fields lists fields to encrypt; remove them or enable personal-data protection");
        }
    }

    /**
     * What one kind's payloads may keep: with an allow list only those fields are kept; the deny list is
     * removed after that.
     */
    public record KindRule(List<PayloadPointer> allow, List<PayloadPointer> deny) {
        public KindRule {
            allow = List.copyOf(requireNonNull(allow, "allow is null"));
            deny = List.copyOf(requireNonNull(deny, "deny is null"));
        }
    }
}
