package dev.custody.ports;

import java.util.List;

/** The rules {@link AuditStore#append} states for a batch, written once for every store to apply. */
public final class AppendBatches {

    private AppendBatches() {
    }

    /**
     * Checks that {@code batch} is non-empty, belongs to {@code chain}, starts right after
     * {@code expected} and is contiguous by seq and prev_hash.
     *
     * @throws IllegalArgumentException naming the first record that breaks a rule
     * @throws NullPointerException when {@code batch} is null
     */
    public static void check(ChainId chain, ChainTip expected, List<AuditRecord> batch) {
        java.util.Objects.requireNonNull(batch, "batch is null");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("append to " + chain + ": the batch is empty");
        }
        long seq = expected.seq();
        String prev = expected.recordHash();
        for (AuditRecord r : batch) {
            if (r == null) {
                throw new IllegalArgumentException("append to " + chain + ": the batch holds a null record");
            }
            if (!chain.equals(r.chain())) {
                throw new IllegalArgumentException("append to " + chain + ": record " + r.id()
                        + " belongs to chain " + r.chain());
            }
            if (r.seq() != seq + 1) {
                throw new IllegalArgumentException("append to " + chain + ": record " + r.id() + " has seq "
                        + r.seq() + ", expected " + (seq + 1));
            }
            if (!r.prevHash().equals(prev)) {
                throw new IllegalArgumentException("append to " + chain + ": record " + r.id()
                        + " (seq " + r.seq() + ") does not link to the record before it");
            }
            seq = r.seq();
            prev = r.recordHash();
        }
    }

    /** Checks the arguments of {@link AuditStore#stream(ChainId, long, long)}. */
    public static void checkRange(long fromSeq, long toSeq) {
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("invalid seq range " + fromSeq + ".." + toSeq
                    + ": fromSeq must be >= 1 and toSeq >= fromSeq");
        }
    }
}
