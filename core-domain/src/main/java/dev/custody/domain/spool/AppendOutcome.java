package dev.custody.domain.spool;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What became of an append: stored in the system of record, or accepted into the local spool. */
public sealed interface AppendOutcome {

    /** The records are durable in the system of record, with their chain positions. */
    record Stored(List<AuditRecord> records) implements AppendOutcome {
        public Stored {
            records = List.copyOf(records);
        }
    }

    /**
     * The events are durable in this instance's spool (fsync'd) and will be appended, in order and under
     * these ids, once the system of record answers again. They have no chain position yet.
     */
    record Spooled(ChainId chain, List<String> ids, Instant acceptedAt) implements AppendOutcome {
        public Spooled {
            Objects.requireNonNull(chain, "chain is null");
            ids = List.copyOf(ids);
            Objects.requireNonNull(acceptedAt, "acceptedAt is null");
        }
    }
}
