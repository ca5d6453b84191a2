package dev.custody.domain.tiering;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ChainId;
import java.util.List;

/**
 * What one archival run did to one chain.
 *
 * @param chain the chain
 * @param segments the keys of the segments written and verified in this run
 * @param recordsArchived how many records those segments hold
 * @param warmRemoved how many records left the system of record
 * @param archivedThrough the last seq held in the archive after the run (0 when none)
 * @param note why records that are archived stayed in the system of record, or null
 */
public record ArchivalReport(ChainId chain, List<String> segments, long recordsArchived, long warmRemoved,
        long archivedThrough, String note) {
    public ArchivalReport {
        requireNonNull(chain, "chain is null");
        segments = List.copyOf(segments);
    }
}
