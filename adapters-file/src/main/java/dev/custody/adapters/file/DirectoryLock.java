package dev.custody.adapters.file;

import dev.custody.ports.StoreUnavailableException;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The OS lock on {@code <dir>/.lock} that makes one process the only writer of a directory. The file
 * names its holder so a second process can say who is in the way.
 *
 * <p>Directories held by this JVM are also remembered in memory and checked first: on Linux, closing
 * <em>any</em> descriptor of a file drops the process's locks on it, so a second open in the same JVM
 * must fail without touching the lock file.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    private static final ConcurrentMap<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path root;
    private final String holder;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path root, String holder, FileChannel channel, FileLock lock) {
        this.root = root;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code root} (a real path) and writes this process into the lock file.
     *
     * @throws StoreUnavailableException naming the directory and the holder when another process, or
     *     another store in this JVM, holds it
     */
    static DirectoryLock acquire(Path root, Clock clock) {
        String holder = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since "
                + clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String other = HELD_HERE.putIfAbsent(root, holder);
        if (other != null) {
            throw locked(root, other);
        }
        FileChannel channel = null;
        try {
            channel = PrivateFiles.open(root.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw locked(root, readHolder(channel));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new DirectoryLock(root, holder, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(root, holder);
            closeQuietly(channel, e);
            if (e instanceof StoreUnavailableException s) {
                throw s;
            }
            throw new StoreUnavailableException("Cannot lock file store " + root + ": " + e.getMessage(), e);
        }
    }

    /** Who holds the lock: {@code pid N on HOST since TIME}. */
    String holder() {
        return holder;
    }

    /** Clears the holder and releases the lock. Idempotent. */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            try {
                channel.truncate(0);
                lock.release();
            } finally {
                channel.close();
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot release the lock of file store " + root + ": "
                    + e.getMessage(), e);
        } finally {
            HELD_HERE.remove(root, holder);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static StoreUnavailableException locked(Path root, String holder) {
        return new StoreUnavailableException("File store " + root + " is locked by " + holder
                + "; only one Custody process may write a directory");
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        int eol = text.indexOf('\n');
        String line = (eol < 0 ? text : text.substring(0, eol)).replaceAll("\\p{Cntrl}", "?");
        return line.isEmpty() ? "an unknown holder (its lock file names none yet)" : line;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unknown host";
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
