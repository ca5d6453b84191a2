package dev.custody.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The text[] literals the append binds come back from PostgreSQL element for element. */
class AppendSqlArrayLiteralTest {

    @Test
    void hostileElements_roundTripThroughTheServersArrayParser() throws Exception {
        String[] elements = {"plain", "with \"quotes\"", "back\\slash \\\" both", "{braces},commas", "NULL", null, "",
            " spaces ", "caf\u00e9 \u2713 \ud83d\ude00", "{\"seq\":1,\"note\":\"a\\\\b\\\"c\"}", "'; DROP TABLE x; --"};
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("SELECT ?::text[]")) {
            ps.setString(1, AppendSql.arrayLiteral(elements));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Array array = rs.getArray(1);
                assertThat((Object[]) array.getArray()).containsExactly((Object[]) elements);
            }
        }
    }
}
