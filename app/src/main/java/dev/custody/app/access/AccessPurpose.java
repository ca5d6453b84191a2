package dev.custody.app.access;

/** The stated purpose of a read ({@code X-Audit-Purpose}, {@code --purpose}): 1 to 200 printable characters. */
public final class AccessPurpose {

    /** The request header carrying the purpose. */
    public static final String HEADER = "X-Audit-Purpose";
    /** How the header is described in the OpenAPI document. */
    public static final String DOC = "Why this read is made, 1..200 printable characters. Required for keys with the role "
            + "auditor (400 PURPOSE_REQUIRED without it; 400 INVALID_PARAMETER when malformed), optional for others. "
            + "Every read is recorded as an access record on the chain custody.access/<tenant>.";
    /** The 400 answers of a read in the OpenAPI document. */
    public static final String DOC_400 = "PURPOSE_REQUIRED (auditor key without X-Audit-Purpose) or INVALID_PARAMETER, "
            + "naming the parameter or header";
    /** The 503 answer of a read in the OpenAPI document. */
    public static final String DOC_503 = "STORE_UNAVAILABLE: in soc2/hipaa, the read's access record could not be written";
    /** Characters (code points) a purpose may have at most. */
    public static final int MAX_CHARS = 200;

    private AccessPurpose() {
    }

    /**
     * Why {@code purpose} is not acceptable, or null when it is: not blank, at most {@value #MAX_CHARS} code points,
     * no control or format characters (line breaks, tabs, bidi overrides).
     */
    public static String problem(String purpose) {
        if (purpose.isBlank()) {
            return "must not be empty";
        }
        if (purpose.codePointCount(0, purpose.length()) > MAX_CHARS) {
            return "must be at most " + MAX_CHARS + " characters";
        }
        boolean printable = purpose.codePoints().allMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        });
        return printable ? null : "must hold printable characters only (no control characters or line breaks)";
    }
}
