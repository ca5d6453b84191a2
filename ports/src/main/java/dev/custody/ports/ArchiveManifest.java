package dev.custody.ports;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The manifest stored beside an archived segment ({@code <segment key>.manifest.json}): what the segment
 * holds and how to check it. The JSON field names are the snake_case of the components
 * ({@code archive_date, file, count, first_seq, last_seq, first_prev_hash, last_record_hash, sha256,
 * merkle_root}, then {@code namespace, tenant, compression, custody}).
 *
 * @param archiveDate when the segment was archived
 * @param file the segment's object key
 * @param count how many records it holds ({@code lastSeq - firstSeq + 1})
 * @param firstSeq seq of its first record
 * @param lastSeq seq of its last record
 * @param firstPrevHash {@code prev_hash} of its first record ({@code "genesis"} for seq 1)
 * @param lastRecordHash {@code record_hash} of its last record
 * @param sha256 lower-case hex SHA-256 of the segment object's bytes (compressed, as stored)
 * @param merkleRoot RFC 9162 Merkle tree hash (hex) over the records' stored lines, without line breaks
 * @param chain the chain the records belong to
 * @param compression how the NDJSON is compressed ({@code zstd})
 * @param custody the custody transitions of the whole range when it was archived (stage {@code archive})
 */
public record ArchiveManifest(Instant archiveDate, String file, long count, long firstSeq, long lastSeq,
        String firstPrevHash, String lastRecordHash, String sha256, String merkleRoot, ChainId chain,
        String compression, List<CustodyRange> custody) {

    public ArchiveManifest {
        requireNonNull(archiveDate, "archiveDate is null");
        requireNonNull(file, "file is null");
        requireNonNull(firstPrevHash, "firstPrevHash is null");
        requireNonNull(lastRecordHash, "lastRecordHash is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(merkleRoot, "merkleRoot is null");
        requireNonNull(chain, "chain is null");
        requireNonNull(compression, "compression is null");
        custody = List.copyOf(requireNonNull(custody, "custody is null"));
        if (firstSeq < 1 || lastSeq < firstSeq || count != lastSeq - firstSeq + 1) {
            throw new IllegalArgumentException("inconsistent range: first_seq " + firstSeq + ", last_seq " + lastSeq
                    + ", count " + count);
        }
    }

    /** Whether the segment holds {@code seq}. */
    public boolean covers(long seq) {
        return seq >= firstSeq && seq <= lastSeq;
    }
}
