package dev.custody.domain.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.domain.SharedVectors;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks Jcs against the shared, independently produced vectors in {@code ../shared/vectors/jcs-v1.ndjson}. */
class JcsVectorsTest {

    @Test
    void canonicalize_reproducesEverySharedVector() throws Exception {
        List<Map<String, Object>> vectors = SharedVectors.objects("jcs-v1.ndjson");
        for (int i = 0; i < vectors.size(); i++) {
            Map<String, Object> vector = vectors.get(i);
            String input = (String) vector.get("input");
            assertThat(input).as("input of case %d", i + 1).isNotNull();

            String actual = Jcs.canonicalizeJson(input);

            assertThat(actual).as("canonical form of case %d: %s", i + 1, input).isEqualTo(vector.get("canonical"));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Jcs.canonicalBytes(Json.parse(input)));
            assertThat(HexFormat.of().formatHex(digest)).as("sha256 of case %d", i + 1).isEqualTo(vector.get("sha256"));
        }
        assertThat(vectors).as("cases read").hasSizeGreaterThanOrEqualTo(5);
    }
}
