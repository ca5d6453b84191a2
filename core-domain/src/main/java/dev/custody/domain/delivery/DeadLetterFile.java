package dev.custody.domain.delivery;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * Records a sink gave up on, one JSON object per line:
 * {@code {"sink","chain","seq","id","error","dead_lettered_at","record":{…stored record…}}}. Appended
 * and forced to disk before the cursor moves past them, so nothing is skipped without a trace.
 */
final class DeadLetterFile {

    private final Path file;
    private final String sink;

    DeadLetterFile(Path file, String sink) {
        this.file = file;
        this.sink = sink;
    }

    Path path() {
        return file;
    }

    void write(List<AuditRecord> records, Throwable error, Instant now) {
        StringBuilder sb = new StringBuilder();
        String reason = String.valueOf(error.getMessage());
        for (AuditRecord r : records) {
            sb.append("{\"sink\":").append(quote(sink))
                    .append(",\"chain\":").append(quote(r.chain().toString()))
                    .append(",\"seq\":").append(r.seq())
                    .append(",\"id\":").append(quote(r.id()))
                    .append(",\"error\":").append(quote(reason))
                    .append(",\"dead_lettered_at\":").append(quote(now.toString()))
                    .append(",\"record\":").append(r.json()).append("}\n");
        }
        try {
            PrivateFiles.createDirectories(file.getParent());
            try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write dead-letter file " + file, e);
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
