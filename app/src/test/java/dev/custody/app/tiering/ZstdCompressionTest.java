package dev.custody.app.tiering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Segments streamed into one zstd frame (ADR 0121) read back with every reader of segments, and segments written
 * whole by earlier versions read back streamed; a damaged frame fails the streamed read as it fails a whole one.
 */
class ZstdCompressionTest {

    private final ZstdCompression zstd = new ZstdCompression();
    private final byte[] data = "{\"seq\":1,\"note\":\"é ☃\"}\n".repeat(20_000).getBytes(StandardCharsets.UTF_8);

    @Test
    void aStreamedFrame_isOneFrame_thatTheWholeReaderDecodes() throws IOException {
        byte[] streamed = stream(data);

        assertThat(zstd.decompress(streamed, Integer.MAX_VALUE)).isEqualTo(data);
        assertThat(Zstd.getFrameContentSize(streamed)).as("no content size: unknown while streaming").isEqualTo(-1);
        assertThat(streamed.length).isLessThan(data.length / 10);
    }

    @Test
    void aFrameWrittenWhole_byAnEarlierVersion_readsStreamed() throws IOException {
        byte[] whole = zstd.compress(data);
        try (InputStream in = zstd.decompressing(whole)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void aTruncatedFrame_failsTheStreamedRead_namingZstd() throws IOException {
        byte[] truncated = Arrays.copyOf(stream(data), 200);
        assertThatThrownBy(() -> {
            try (InputStream in = zstd.decompressing(truncated)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageStartingWith("not a valid zstd frame: ");
        assertThatThrownBy(() -> zstd.decompress(truncated, Integer.MAX_VALUE)).hasMessageStartingWith("not a valid zstd frame: ");
    }

    @Test
    void closingTheCompressingStream_finishesTheFrame_butLeavesTheSinkOpen() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("the sink was closed");
            }
        };
        try (OutputStream out = zstd.compressing(sink)) {
            out.write(data);
        }
        sink.write('x');
        byte[] frame = Arrays.copyOf(sink.toByteArray(), sink.size() - 1);
        assertThat(zstd.decompress(frame, Integer.MAX_VALUE)).isEqualTo(data);
    }

    private byte[] stream(byte[] in) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = zstd.compressing(sink)) {
            for (int off = 0; off < in.length; off += 1_000) {
                out.write(in, off, Math.min(1_000, in.length - off));
            }
        }
        return sink.toByteArray();
    }
}
