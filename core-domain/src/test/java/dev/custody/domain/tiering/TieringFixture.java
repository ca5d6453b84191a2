package dev.custody.domain.tiering;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.MovableClock;
import dev.custody.domain.memory.MemoryArchiveStore;
import dev.custody.domain.memory.MemoryAuditStore;
import dev.custody.ports.AppendResult;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A memory store and archive, and a clock the test moves. */
class TieringFixture {

    final MovableClock clock = new MovableClock(Instant.parse("2026-01-30T10:00:00Z"));
    final MemoryAuditStore store = new MemoryAuditStore();
    final MemoryArchiveStore archive = new MemoryArchiveStore();
    final SegmentCompression compression = new DeflateCompression();
    final RecordEncoder encoder = new RecordEncoder(EventLimits.DEFAULT, clock);

    /** Appends n records, the clock moving {@code step} after each. */
    List<AuditRecord> append(AuditStore s, ChainId chain, int n, Duration step) {
        List<AuditRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ChainTip tip = s.tip(chain);
            AuditEvent e = AuditEvent.builder(chain).kind("decision").action("loan.approve").actor("user", "u-" + i)
                    .resource("application", "app-" + i).outcome("approved").payload(Map.of("n", (long) i, "note", "é ☃ " + i)).build();
            List<AuditRecord> batch = encoder.encodeEvents(tip, List.of(e));
            if (!(s.append(chain, tip, batch) instanceof AppendResult.Appended)) {
                throw new IllegalStateException("conflict");
            }
            out.addAll(batch);
            clock.now = clock.now.plus(step);
        }
        return out;
    }

    Archiver archiver(Duration archiveAfter, int maxRecords) {
        return new Archiver(store, archive, compression,
                new ArchivalPolicy(archiveAfter, maxRecords, Duration.ofDays(365), false, "archiver@test"), clock);
    }
}
