package dev.custody.domain.tiering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of decoded segment data, read through a small buffer: split, hashed and counted as they come. */
class SegmentLinesTest {

    @Test
    void linesLongerThanTheReadBuffer_andShortOnes_comeOutWhole_withTheMerkleRootOfTheirBytes() {
        String longLine = "{\"x\":\"" + "é".repeat(70_000) + "\"}";
        List<String> written = List.of("{\"a\":1}", longLine, "", "{\"b\":\"☃\"}");
        SegmentLines lines = lines(String.join("\n", written) + "\n", new ArrayList<>());

        List<String> read = new ArrayList<>();
        lines.forEachRemaining(read::add);

        assertThat(read).containsExactlyElementsOf(written);
        assertThat(lines.count()).isEqualTo(4);
        MerkleTree tree = new MerkleTree();
        written.forEach(l -> tree.add(l.getBytes(StandardCharsets.UTF_8)));
        assertThat(lines.merkleRoot()).isEqualTo(tree.rootHex());
        assertThat(lines.problem()).isNull();
        assertThat(lines.unterminated()).isFalse();
    }

    @Test
    void dataAfterTheLastLineFeed_isReportedAndNotALine() {
        SegmentLines lines = lines("{\"a\":1}\n{\"b\":2", new ArrayList<>());
        List<String> read = new ArrayList<>();
        lines.forEachRemaining(read::add);
        assertThat(read).containsExactly("{\"a\":1}");
        assertThat(lines.unterminated()).isTrue();
    }

    @Test
    void aDecodingErrorStopsTheLines_andSaysWhy() {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream("{\"a\":1}\n{\"b\"".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("not a valid zstd frame: Corrupted block detected");
                    }
                });
        SegmentLines lines = new SegmentLines(failing, Long.MAX_VALUE, n -> { });
        List<String> read = new ArrayList<>();
        lines.forEachRemaining(read::add);
        assertThat(read).containsExactly("{\"a\":1}");
        assertThat(lines.problem()).isEqualTo("not a valid zstd frame: Corrupted block detected");
    }

    @Test
    void moreDataThanAllowed_stopsReading() {
        SegmentLines lines = new SegmentLines(new ByteArrayInputStream("0123456789\n".repeat(100).getBytes(StandardCharsets.UTF_8)),
                500, n -> { });
        lines.drain();
        assertThat(lines.problem()).isEqualTo("decompressed data exceeds 500 bytes");
    }

    @Test
    void progressIsToldEveryThousandLines() {
        List<Long> progress = new ArrayList<>();
        SegmentLines lines = lines("{}\n".repeat(2_500), progress);
        lines.drain();
        assertThat(lines.count()).isEqualTo(2_500);
        assertThat(progress).containsExactly(1_000L, 2_000L);
    }

    private static SegmentLines lines(String data, List<Long> progress) {
        return new SegmentLines(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE, progress::add);
    }
}
