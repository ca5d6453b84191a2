package dev.custody.adapters.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes directory entries durable: a new or deleted file survives a crash only once its directory is synced. */
final class Directories {

    private Directories() {
    }

    /** fsync of the directory itself (Linux allows opening a directory for reading and forcing it). */
    static void sync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
