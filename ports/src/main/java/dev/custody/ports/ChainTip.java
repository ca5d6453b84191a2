package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The newest record of a chain, or {@link #GENESIS} for a chain with no records. Appends are
 * conditional on it: a store accepts a batch only if its tip is still the one the caller saw.
 *
 * @param seq the newest seq, 0 for an empty chain
 * @param recordHash the newest record's hash, {@code "genesis"} for an empty chain
 * @param recordedAt when the newest record was recorded, {@link Instant#EPOCH} for an empty chain
 */
public record ChainTip(long seq, String recordHash, Instant recordedAt) {

    /** The value {@code prev_hash} takes in the first record of every chain. */
    public static final String GENESIS_HASH = "genesis";

    /** The tip of a chain that has no records. */
    public static final ChainTip GENESIS = new ChainTip(0, GENESIS_HASH, Instant.EPOCH);

    /** @throws IllegalArgumentException when seq is negative */
    public ChainTip {
        requireNonNull(recordHash, "recordHash is null");
        requireNonNull(recordedAt, "recordedAt is null");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, got " + seq);
        }
    }

    /** Whether this is the tip of an empty chain. */
    public boolean isGenesis() {
        return seq == 0;
    }

    /**
     * Whether {@code other} names the same position: same seq and same hash. This is what a
     * conditional append compares; {@code recordedAt} is informational and not compared.
     */
    public boolean sameAs(ChainTip other) {
        return other != null && seq == other.seq && recordHash.equals(other.recordHash);
    }

    /** The tip after {@code record} has been appended. */
    public static ChainTip of(AuditRecord record) {
        return new ChainTip(record.seq(), record.recordHash(), record.recordedAt());
    }
}
