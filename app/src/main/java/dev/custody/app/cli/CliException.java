package dev.custody.app.cli;

/**
 * A failure the user can fix, reported as one line {@code custody: <message>} on stderr with its exit code.
 * Public so the bench subpackage can throw it.
 */
public final class CliException extends RuntimeException {

    /** Exit code for usage, input/output and configuration errors. */
    public static final int USAGE = 2;

    private final int exitCode;

    public CliException(String message) {
        this(message, USAGE, null);
    }

    public CliException(String message, Throwable cause) {
        this(message, USAGE, cause);
    }

    private CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
