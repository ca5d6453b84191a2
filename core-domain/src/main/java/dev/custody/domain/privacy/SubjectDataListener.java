package dev.custody.domain.privacy;

/** Told how much subject data was deleted, for metrics. Never given a subject. */
public interface SubjectDataListener {

    /** Hears nothing. */
    SubjectDataListener NONE = (dataType, cause, count) -> { };

    /**
     * @param dataType what was deleted ({@code conversation_checkpoints}, {@code subject_keysets}, …)
     * @param cause {@code erasure} or {@code retention}
     */
    void deleted(String dataType, String cause, long count);
}
