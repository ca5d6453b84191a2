package dev.custody.ports;

import static java.util.Objects.requireNonNull;

/**
 * A stored record of one chain cannot be read back: it does not decrypt, does not decode, or is not where the
 * store's index says it is. Thrown by the operations on that chain only; other chains are unaffected. The
 * message names where the record is (file and line, or row) and why; {@link #seq()} names the record.
 * Verification reports the chain broken at that record instead of failing.
 */
public class ChainUnreadableException extends AuditStoreException {
    private static final long serialVersionUID = 1L;

    private final transient ChainId chain;
    private final long seq;

    /**
     * @param chain the chain that cannot be read
     * @param seq the seq of the record that cannot be read, 0 when the chain cannot be indexed at all
     * @param message names the operation, the chain, where the record is and what is wrong
     * @param cause what the reader reported, or null
     */
    public ChainUnreadableException(ChainId chain, long seq, String message, Throwable cause) {
        super(message, cause);
        this.chain = requireNonNull(chain, "chain is null");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, got " + seq);
        }
        this.seq = seq;
    }

    /** The chain that cannot be read. */
    public ChainId chain() {
        return chain;
    }

    /** The seq of the record that cannot be read, or 0 when the chain cannot be indexed at all. */
    public long seq() {
        return seq;
    }
}
