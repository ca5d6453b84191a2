package dev.custody.domain.chain;

/**
 * A batch could not be appended because other writers kept moving the chain's tip, through every
 * retry. Nothing of the batch was stored; the caller may retry.
 */
public final class ChainContentionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChainContentionException(String message) {
        super(message);
    }
}
