package dev.custody.app.access;

/** The stated purpose of a read ({@code X-Audit-Purpose}, {@code --purpose}): 1 to 200 printable characters. */
public final class AccessPurpose {

    /** The request header carrying the purpose. */
    public static final String HEADER = "X-Audit-Purpose";
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
