package dev.custody.domain.delivery;

/**
 * A sink configured fail-closed is failing, so ingest is refused until it recovers (the Vault model:
 * nothing is recorded that cannot also be forwarded). Callers map it to "503 Service Unavailable".
 */
public final class SinkUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sink;

    public SinkUnavailableException(String sink, String message) {
        super(message);
        this.sink = sink;
    }

    /** The name of the failing sink. */
    public String sink() {
        return sink;
    }
}
