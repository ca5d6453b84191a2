package dev.custody.domain.tiering;

import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyEntry;
import java.util.List;

/**
 * The recomputed chain of custody of one event.
 *
 * @param eventId the event asked about
 * @param chain its chain, or null when it was not found
 * @param seq its seq, 0 when not found
 * @param recordHash its stored record_hash, or null
 * @param stages each stage in order, with whether it checks
 * @param mismatches every problem found, empty when the custody chain holds
 */
public record ForensicsReport(String eventId, ChainId chain, long seq, String recordHash, List<Stage> stages, List<String> mismatches) {

    /** One custody entry and whether what it claims still holds. @param problem null when it does */
    public record Stage(CustodyEntry entry, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    public ForensicsReport {
        stages = List.copyOf(stages);
        mismatches = List.copyOf(mismatches);
    }

    public boolean found() {
        return chain != null;
    }

    public boolean valid() {
        return found() && mismatches.isEmpty();
    }
}
