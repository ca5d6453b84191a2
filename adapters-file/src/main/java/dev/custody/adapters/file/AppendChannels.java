package dev.custody.adapters.file;

import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a chain opens the day file it appends to. The store uses {@link #FILES}; a test may hand a store another
 * (one that opens a full device, say) to meet a failure the OS gives rarely on demand.
 */
interface AppendChannels {

    /** The day files themselves: an existing one opened for writing, a new one created owner-only. */
    AppendChannels FILES = new AppendChannels() {
        @Override
        public FileChannel openExisting(Path file) throws IOException {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        }

        @Override
        public FileChannel createNew(Path file) throws IOException {
            return PrivateFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    };

    /** Opens an existing day file for writing at explicit positions. */
    FileChannel openExisting(Path file) throws IOException;

    /** Creates a day file that must not exist yet, readable and writable by the owner only. */
    FileChannel createNew(Path file) throws IOException;
}
