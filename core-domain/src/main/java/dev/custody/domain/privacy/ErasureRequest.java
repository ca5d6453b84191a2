package dev.custody.domain.privacy;

/**
 * A request to erase one data subject (GDPR Art. 17).
 *
 * @param subjectId the subject's id as clients send it in events
 * @param reason why; {@value #DEFAULT_REASON} when none is given
 * @param requestedBy who asks (an operator, a ticket); recorded on the chains, so it must not name the subject
 */
public record ErasureRequest(String subjectId, String reason, String requestedBy) {

    /** The reason recorded when none is given. */
    public static final String DEFAULT_REASON = "gdpr_article_17_user_request";

    /** @throws IllegalArgumentException naming the field: {@code subject_id}, {@code reason}, {@code requested_by} */
    public ErasureRequest {
        subjectId = text("subject_id", subjectId);
        reason = reason == null || reason.isBlank() ? DEFAULT_REASON : text("reason", reason);
        requestedBy = text("requested_by", requestedBy);
        if (requestedBy.contains(subjectId)) {
            throw new IllegalArgumentException("requested_by: must not contain the subject id: it is recorded on the chains, "
                    + "which must hold no direct identifier of the erased subject");
        }
        if (reason.contains(subjectId)) {
            throw new IllegalArgumentException("reason: must not contain the subject id: it is recorded on the chains");
        }
    }

    private static String text(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + ": is required");
        }
        if (v.length() > 256) {
            throw new IllegalArgumentException(field + ": must be at most 256 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                throw new IllegalArgumentException(field + ": must not contain control characters");
            }
        }
        return v;
    }

    /** Never the subject id. */
    @Override
    public String toString() {
        return "ErasureRequest[reason=" + reason + ", requestedBy=" + requestedBy + "]";
    }
}
