package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One custody transition applied to a contiguous range of a chain's records at once (an archived segment,
 * a restored range). It stands for one custody entry per record of the range; the per-event entries
 * {@code {event_id, stage, ts, hash, prev_hash, location, actor}} are computed from it and the records.
 * Appending the same row twice (same {@code hash}) keeps one.
 *
 * @param chain the chain
 * @param firstSeq first seq of the range
 * @param lastSeq last seq of the range
 * @param stage {@link CustodyStage#ARCHIVE} or {@link CustodyStage#RESTORE}
 * @param ts when the transition happened
 * @param location where the records went ({@code s3://bucket/key}, {@code postgres:restored_records})
 * @param actor who moved them ({@code archiver@host}, {@code cli:user})
 * @param recordsRoot RFC 9162 Merkle root (hex) over the range's stored lines, what was moved
 * @param hash SHA-256 (hex) of this row's canonical JSON without {@code hash}
 */
public record CustodyRange(ChainId chain, long firstSeq, long lastSeq, CustodyStage stage, Instant ts, String location,
        String actor, String recordsRoot, String hash) {

    public CustodyRange {
        requireNonNull(chain, "chain is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(ts, "ts is null");
        requireNonNull(location, "location is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(recordsRoot, "recordsRoot is null");
        requireNonNull(hash, "hash is null");
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("invalid range " + firstSeq + ".." + lastSeq);
        }
    }

    /** Whether the range holds {@code seq}. */
    public boolean covers(long seq) {
        return seq >= firstSeq && seq <= lastSeq;
    }
}
