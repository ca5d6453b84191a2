package dev.custody.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import dev.custody.domain.chain.Sha256;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The physical limits of limits.md, measured with the same events in the same run: what a bare loop
 * with no chain, no validation and no concurrency reaches.
 */
final class RawLimits {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = JSON.writer();
    private static final Map<String, Object> ACTOR = Map.of("id", "support-bot", "type", "service");
    @SuppressWarnings("unchecked")
    private static final Map<String, Object>[] RESOURCES = new Map[1000];

    static {
        for (int i = 0; i < RESOURCES.length; i++) {
            RESOURCES[i] = Map.of("id", "conv-" + i, "type", "conversation");
        }
    }

    private RawLimits() {
    }

    /**
     * One thread: serialise each event with Jackson, SHA-256 it, write it with its hex hash, and
     * fdatasync every {@code perSync} events, appending to a growing file. The event has the same
     * fields and about the same size as a stored Custody record, so both write the same bytes. Returns
     * events per second and bytes per event.
     */
    static double[] groupCommitLoop(Path dir, long events, int perSync) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("raw-" + System.nanoTime() + ".jsonl");
        MessageDigest sha = Sha256.newDigest();
        ByteBuffer buf = ByteBuffer.allocate(16 << 20);
        String prev = "0".repeat(64);
        long bytes = 0;
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long i = 0; i < events; i++) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("action", "chat.completion");
                e.put("actor", ACTOR);
                e.put("id", "0193a8f0-0000-7000-8000-" + (100_000_000_000L + i));
                e.put("kind", "llm_call");
                e.put("namespace", "bench");
                e.put("occurred_at", "2026-11-23T06:00:00.25Z");
                e.put("outcome", "success");
                e.put("payload", BenchEvents.payload(i));
                e.put("prev_hash", prev);
                e.put("recorded_at", "2026-11-23T06:00:00.000001Z");
                e.put("resource", RESOURCES[(int) (i % RESOURCES.length)]);
                e.put("seq", i + 1);
                e.put("subject_id", "u-" + (i % 5000));
                e.put("tenant", "append");
                e.put("v", 1);
                byte[] line = WRITER.writeValueAsBytes(e);
                prev = Sha256.toHex(sha.digest(line));
                buf.put(line).put(prev.getBytes(StandardCharsets.US_ASCII)).put((byte) '\n');
                bytes += line.length + 65;
                if ((i + 1) % perSync == 0 || i + 1 == events) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    buf.clear();
                    ch.force(false);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return new double[] {events / ((System.nanoTime() - start) / 1e9), bytes / (double) events};
    }

    /** One thread: parse each line of {@code files} with Jackson and SHA-256 its bytes. Returns lines per second. */
    static double parseAndHashLoop(List<Path> files) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        long n = 0;
        long sink = 0;
        long start = System.nanoTime();
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    JsonNode node = JSON.readTree(line);
                    sink += node.size();
                    sink += sha.digest(line.getBytes(StandardCharsets.UTF_8))[0];
                    n++;
                }
            }
        }
        if (sink == 42) {
            throw new IllegalStateException("unreachable; keeps the work alive");
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
