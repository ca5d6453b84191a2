package dev.custody.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.custody.ports.AuditRecord;
import dev.custody.ports.ChainId;
import dev.custody.ports.RecordLimits;
import java.io.IOException;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The readers of stored lines read every record ingest may accept ({@link RecordLimits#MAX}), and recovery's test
 * for a torn write is syntax only. Every reader of this backend parses with {@link StoredJson#READER}: {@link RecordLines}
 * (records, index, tip) and {@link SealedLines} (the wrapper of a sealed line).
 */
class StoredJsonTest {

    private static final ChainId CHAIN = ChainId.of("billing", "acme");
    private static final int BIG = RecordLimits.MAX.maxRecordBytes() - 4096;

    @Test
    void theReaderLimits_areNoLowerThanAnythingIngestMayAccept() {
        StreamReadConstraints c = StoredJson.READER.streamReadConstraints();
        assertThat(c.getMaxNameLength()).isGreaterThanOrEqualTo(RecordLimits.MAX.maxNameChars());
        assertThat(c.getMaxStringLength()).isGreaterThanOrEqualTo(RecordLimits.MAX.maxStringChars() * 4 / 3 + 1024);
        assertThat(c.getMaxNumberLength()).isGreaterThanOrEqualTo(RecordLimits.MAX.maxNumberChars());
        assertThat(c.getMaxNestingDepth()).isGreaterThanOrEqualTo(RecordLimits.READER_MAX_DEPTH)
                .isGreaterThan(RecordLimits.MAX.maxDepth());
    }

    @Test
    void aRecordAtEveryCeilingAtOnce_isRead() throws IOException {
        String deep = "[".repeat(RecordLimits.MAX.maxDepth() - 2) + "1" + "]".repeat(RecordLimits.MAX.maxDepth() - 2);
        String payload = "{\"" + "k".repeat(BIG / 2) + "\":\"" + "v".repeat(BIG / 2 - 2048) + "\",\"n\":"
                + "1".repeat(RecordLimits.MAX.maxNumberChars()) + ",\"d\":" + deep + "}";
        AuditRecord r = TestChain.of("billing", "acme").nextWithPayload(payload);

        assertThat(RecordLines.parse(CHAIN, r.json())).isEqualTo(r);
        assertThat(RecordLines.seqOf(r.json())).isEqualTo(1);
        assertThat(ChainRecovery.isComplete(r.json().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void theWrapperOfASealedRecordAtTheCeiling_isRead() throws IOException {
        byte[] ciphertext = new byte[RecordLimits.MAX.maxRecordBytes() + 64];
        ciphertext[0] = 1;
        ciphertext[4] = 42;
        String line = "{\"seq\":7,\"sealed\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext) + "\"}";

        assertThat(new SealedLines(null).seqOf(line)).isEqualTo(7);
        assertThat(SealedLines.keyIdOf(line)).isEqualTo(42);
        assertThat(ChainRecovery.isComplete(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void isJsonObject_acceptsAnyCompleteObject_whateverItsSizeOrDepth() {
        assertThat(StoredJson.isJsonObject("{}")).isTrue();
        assertThat(StoredJson.isJsonObject(" {\"a\":[1,2,{\"b\":null}]} ")).isTrue();
        assertThat(StoredJson.isJsonObject("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")).isTrue();
        assertThat(StoredJson.isJsonObject("{\"" + "k".repeat(100_000) + "\":1}")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[1]", "1", "\"x\"", "null", "{", "{\"a\":", "{\"a\":1", "{} x", "{}{}", "not json",
        "{\"a\":1,}", "{'a':1}", "{\"a\":01}"})
    void isJsonObject_rejectsWhatIsNotOneObject(String text) {
        assertThat(StoredJson.isJsonObject(text)).isFalse();
    }
}
