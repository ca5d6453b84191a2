package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.chain.AuditEvent;
import dev.custody.domain.chain.ChainAppender;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditStore;
import dev.custody.ports.ChainId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jsonb {@code payload} column is filled from the stored record; a record holding U+0000 keeps it only in {@code record}. */
class PayloadColumnTest {

    @Test
    void payloadIsQueryableJsonb_exceptWhereJsonbCannotHoldTheText() throws Exception {
        TestDatabase db = TestDatabase.create("custody_payload_" + Long.toHexString(System.nanoTime()));
        try {
            ChainId chain = ChainId.of("pl", "t1");
            List<AuditRecord> records;
            try (AuditStore store = db.open(); ChainAppender appender = new ChainAppender(store, Clock.systemUTC())) {
                records = appender.append(List.of(
                        AuditEvent.builder(chain).kind("decision").action("a").actor("user", "u").outcome("ok")
                                .payload(Map.of("score", 0.5, "note", "caf\u00e9 \"q\" \\")).build(),
                        AuditEvent.builder(chain).kind("decision").action("a").actor("user", "u").outcome("ok")
                                .payload(Map.of("note", "nul\u0000inside")).build()));
            }
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT payload ->> 'note', (payload ->> 'score')::float8, payload IS NULL, record FROM custody.audit_records "
                            + "WHERE namespace = 'pl' AND tenant = 't1' ORDER BY seq")) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("caf\u00e9 \"q\" \\");
                    assertThat(rs.getDouble(2)).isEqualTo(0.5);
                    assertThat(rs.getString(4)).isEqualTo(records.get(0).json());
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(3)).isTrue();
                    assertThat(rs.getString(4)).isEqualTo(records.get(1).json());
                }
            }
        } finally {
            db.drop();
        }
    }
}
