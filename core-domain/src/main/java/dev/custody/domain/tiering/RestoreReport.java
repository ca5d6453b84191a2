package dev.custody.domain.tiering;

import dev.custody.ports.ChainId;
import java.util.List;

/**
 * What a restore did.
 *
 * @param chain the chain
 * @param fromSeq first seq asked for
 * @param toSeq last seq asked for
 * @param segments the segments read and checked against their manifests
 * @param recordsRestored how many records of the range are now readable from the restored area
 * @param recordsAdded how many of those were not restored before
 */
public record RestoreReport(ChainId chain, long fromSeq, long toSeq, List<String> segments, long recordsRestored, long recordsAdded) {
    public RestoreReport {
        segments = List.copyOf(segments);
    }
}
