package dev.custody.ports.hot;

/**
 * The hot tier's backend cannot be reached, and the operation has no in-process fallback (the ingest
 * buffer). Nothing was done; the caller takes the synchronous path instead.
 */
public class HotTierUnavailableException extends HotTierException {
    private static final long serialVersionUID = 1L;

    public HotTierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
