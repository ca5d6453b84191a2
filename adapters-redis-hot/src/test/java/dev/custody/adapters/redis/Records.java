package dev.custody.adapters.redis;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.EventLimits;
import dev.custody.domain.chain.RecordEncoder;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.ChainTip;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Valid chains of records, built by the domain's encoder at the clock's time. */
final class Records {

    private final RecordEncoder encoder;
    private ChainTip tip = ChainTip.GENESIS;
    private final ChainId chain;

    Records(ChainId chain, Clock clock) {
        this.chain = chain;
        this.encoder = new RecordEncoder(EventLimits.DEFAULT, clock);
    }

    /** The next {@code n} records, actions {@code prefix-<seq>}, outcomes alternating ok/denied, actor per seq % 3. */
    List<AuditRecord> next(int n, String action) {
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
