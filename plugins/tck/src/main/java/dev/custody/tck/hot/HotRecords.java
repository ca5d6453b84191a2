package dev.custody.tck.hot;

import dev.custody.domain.chain.RecordEncoder;
import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Valid records of one chain, built by the domain's encoder at the clock's time, continuing each other. */
public final class HotRecords {

    private final RecordEncoder encoder;
    private final ChainId chain;
    private ChainTip tip = ChainTip.GENESIS;

    public HotRecords(ChainId chain, Clock clock) {
        this.chain = chain;
        this.encoder = new RecordEncoder(EventLimits.DEFAULT, clock);
    }

    /**
     * The next {@code n} records with this action; outcomes alternate ({@code denied} on odd seqs, {@code ok} on
     * even ones), the actor is {@code u<seq % 3>}, even seqs carry a resource and a subject.
     */
    public List<AuditRecord> next(int n, String action) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long seq = tip.seq() + i + 1;
            AuditEvent.Builder b = AuditEvent.builder(chain).kind("decision").action(action)
                    .actor("user", "u" + (seq % 3)).outcome(seq % 2 == 0 ? "ok" : "denied")
                    .payload(Map.of("n", seq, "text", "a \"quoted\" ünïcode line"));
            if (seq % 2 == 0) {
                b.resource("doc", "d" + seq).subjectId("subject-" + seq);
            }
            events.add(b.build());
        }
        List<AuditRecord> out = encoder.encodeEvents(tip, events);
        tip = ChainTip.of(out.get(out.size() - 1));
        return out;
    }
}
