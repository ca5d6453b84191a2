package dev.custody.adapters.postgres;

import dev.custody.domain.tiering.CustodyHashes;
import dev.custody.domain.tiering.MerkleTree;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.CustodyRange;
import dev.custody.ports.CustodyStage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Custody rows as the archiver derives them: the Merkle root over the stored lines of the range, the row's hash. */
final class ArchivedRanges {

    static final Instant TS = Instant.parse("2026-01-01T00:00:00.123456Z");

    private ArchivedRanges() {
    }

    /** The {@code archive} row of seq {@code first..last} of {@code chain}, read from the store's warm records. */
    static CustodyRange archive(AuditStore store, ChainId chain, long first, long last) {
        return CustodyHashes.range(chain, first, last, CustodyStage.ARCHIVE, TS, "s3://bucket/" + chain + "/" + first,
                "archiver@test", root(store.readRange(chain, first, last)));
    }

    /** The RFC 9162 Merkle root (hex) over the records' stored lines, in order. */
    static String root(Iterable<AuditRecord> records) {
        MerkleTree tree = new MerkleTree();
        for (AuditRecord r : records) {
            tree.add(r.json().getBytes(StandardCharsets.UTF_8));
        }
        return tree.rootHex();
    }
}
