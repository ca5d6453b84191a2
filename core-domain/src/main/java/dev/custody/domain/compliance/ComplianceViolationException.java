package dev.custody.domain.compliance;

import static java.util.Objects.requireNonNull;

/**
 * An operation would delete audit data while {@code immutable-audit} is in force (mode {@code hipaa}, or the
 * override). Nothing was deleted. The API answers it as {@code 409 COMPLIANCE_VIOLATION} (ADR 0070).
 */
public final class ComplianceViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;

    public ComplianceViolationException(String operation, String detail) {
        super(requireNonNull(operation, "operation is null") + " refused: " + requireNonNull(detail, "detail is null"));
        this.operation = operation;
    }

    /** What was refused ({@code retention delete}, …). */
    public String operation() {
        return operation;
    }
}
