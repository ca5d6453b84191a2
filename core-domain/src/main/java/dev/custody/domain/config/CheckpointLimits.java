package dev.custody.domain.config;

/**
 * What one tenant may keep as conversation checkpoints ({@code custody.subject-data.max-checkpoint-*}).
 *
 * @param maxBytes the largest checkpoint accepted, in bytes of its stored JSON text ({@code max-checkpoint-bytes})
 * @param maxPerChain the most checkpoints one chain (namespace, tenant) may hold at once ({@code max-checkpoints-per-tenant})
 */
public record CheckpointLimits(long maxBytes, long maxPerChain) {

    /** 256 KiB per checkpoint, 10,000 per chain. */
    public static final CheckpointLimits DEFAULT = new CheckpointLimits(256 * 1024, 10_000);

    public CheckpointLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("Invalid value for custody.subject-data.max-checkpoint-bytes=" + maxBytes
                    + ": must be at least 1");
        }
        if (maxPerChain < 1) {
            throw new IllegalArgumentException("Invalid value for custody.subject-data.max-checkpoints-per-tenant="
                    + maxPerChain + ": must be at least 1");
        }
    }
}
