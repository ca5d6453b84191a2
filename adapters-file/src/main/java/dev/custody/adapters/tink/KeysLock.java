package dev.custody.adapters.tink;

import dev.custody.ports.KeyStoreException;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OS lock on {@code <keys>/.lock} that makes one process the only writer of a key directory: the keyset file
 * is appended to and rewritten in place, which two processes must never do at once. The lock file names its
 * holder. Directories held by this JVM are remembered in memory too (on Linux, closing any descriptor of a file
 * drops the process's locks on it). A key store that does not get the lock opens the directory read-only.
 */
final class KeysLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final String holder;

    private KeysLock(Path dir, FileChannel channel, String holder) {
        this.dir = dir;
        this.channel = channel;
        this.holder = holder;
    }

    /** Takes the lock of {@code dir} if no other key store holds it; see {@link #held()}. */
    static KeysLock acquire(Path dir) throws IOException {
        Path real = dir.toRealPath();
        if (!HELD_HERE.add(real)) {
            return new KeysLock(real, null, "another key store in this process");
        }
        FileChannel ch = null;
        try {
            ch = PrivateFiles.open(real.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ByteBuffer buf = ByteBuffer.allocate(256);
                ch.read(buf, 0);
                String holder = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip()
                        .replaceAll("\\p{Cntrl}", "?");
                ch.close();
                HELD_HERE.remove(real);
                return new KeysLock(real, null, holder.isEmpty() ? "another process" : holder);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new KeysLock(real, ch, null);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(real);
            if (ch != null) {
                ch.close();
            }
            throw e;
        }
    }

    /** Whether this process holds the lock (and may write the key directory). */
    boolean held() {
        return channel != null;
    }

    /** Why a key store without the lock cannot write: names the directory and who holds it. */
    KeyStoreException refusal(String what) {
        return new KeyStoreException("Cannot " + what + ": the key directory " + dir + " is in use by " + holder
                + ", so this process has it read-only; only one Custody process may write a key directory (stop the "
                + "service before running offline commands that change keys)");
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            channel.close();
        } catch (IOException e) {
            throw new KeyStoreException("Cannot release the lock of the key directory " + dir + ": " + e.getMessage(), e);
        } finally {
            HELD_HERE.remove(dir);
        }
    }
}
