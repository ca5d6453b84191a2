package com.example.custody;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.ports.AuditSink;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The receiver of the example-ndjson sink is the file it appends to: the ids it holds, in the order the lines
 * were written, are what arrived. Stopping it puts a directory where the file was (no process, root included,
 * can append to a directory), so the sink must fail; starting it again removes the directory. Lines written
 * before a stop are kept.
 */
final class NdjsonFileReceiver {

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final List<Path> earlier = new ArrayList<>();

    NdjsonFileReceiver(Path dir) throws IOException {
        this.file = Files.createDirectories(dir).resolve("received.ndjson");
    }

    /** A sink appending to this receiver's file, as the service would create it. */
    AuditSink newSink(Path home) {
        return new NdjsonFileSinkProvider().create(ProviderConfig.of("custody.sinks[0].properties.",
                Map.of("path", file.toString())), ProviderContext.of(home));
    }

    /** The top-level {@code id} of every complete line, in order; a line still being written is not read yet. */
    List<String> receivedIds() {
        List<String> ids = new ArrayList<>();
        List<Path> parts = new ArrayList<>(earlier);
        if (Files.isRegularFile(file)) {
            parts.add(file);
        }
        for (Path part : parts) {
            String text = read(part);
            int end = text.lastIndexOf('\n') + 1;   // a line without its line break is not complete yet
            for (String line : text.substring(0, end).split("\n")) {
                if (!line.isEmpty()) {
                    ids.add(id(line));
                }
            }
        }
        return ids;
    }

    void stop() throws IOException {
        if (Files.exists(file)) {
            Path part = file.resolveSibling("received-" + earlier.size() + ".ndjson");
            Files.move(file, part);
            earlier.add(part);
        }
        Files.createDirectory(file);
    }

    void start() throws IOException {
        Files.delete(file);
    }

    private String id(String line) {
        try {
            return json.readTree(line).get("id").asText();   // the record's own id, not actor.id or resource.id
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    private static String read(Path part) {
        try {
            return Files.readString(part, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
