package dev.custody.ports.hot;

/** Something unexpected went wrong in a {@link HotTier}; the message names the operation and the chain or key. */
public class HotTierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HotTierException(String message) {
        super(message);
    }

    public HotTierException(String message, Throwable cause) {
        super(message, cause);
    }
}
