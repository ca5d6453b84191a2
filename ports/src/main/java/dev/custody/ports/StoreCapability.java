package dev.custody.ports;

/**
 * Optional abilities an {@link AuditStore} declares through {@link AuditStore#capabilities()}. A store
 * that lacks one throws {@link UnsupportedOperationException} from the matching method; it never
 * pretends.
 */
public enum StoreCapability {
    /**
     * Appends are atomic and conditional on the tip, so no two records of a chain can share a seq
     * even with several writers. A hash chain requires it.
     */
    CONDITIONAL_APPEND,
    /** Records survive a restart of the process (and of the machine, once acknowledged). */
    DURABLE,
    /** {@link AuditStore#purgeBefore} removes the oldest records of a chain (retention). */
    PURGE_BEFORE_SEQ,
    /** Several processes may append to the same chains at once (not just one writer process). */
    MULTI_WRITER,
    /**
     * {@link AuditStore#appendSerialized} appends under a lock on the chain that every writer of it, in every
     * process, takes: after a conflict, writers of a chain queue instead of racing. Stores with one writer process
     * have no use for it.
     */
    SERIALIZED_APPEND
}
