package com.example.custody;

import dev.custody.ports.AuditRecord;
import dev.custody.ports.AuditSink;
import dev.custody.ports.ChainId;
import dev.custody.ports.SinkException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Appends each record's stored JSON as one line and forces it to disk before acknowledging. */
final class NdjsonFileSink implements AuditSink {

    private final Path path;

    NdjsonFileSink(Path path) {
        this.path = path;
    }

    @Override
    public void deliver(ChainId chain, List<AuditRecord> batch) {
        StringBuilder sb = new StringBuilder();
        batch.forEach(r -> sb.append(r.json()).append('\n'));
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new SinkException("example-ndjson: cannot append " + batch.size() + " records of " + chain + " to "
                    + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held open between batches
    }
}
