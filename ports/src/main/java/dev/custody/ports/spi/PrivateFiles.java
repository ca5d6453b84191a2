package dev.custody.ports.spi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Files and directories that only the service's user can use: everything Custody and its providers create
 * under {@code custody.home} (records, keys, spool, cursors, the bootstrap token). A directory is created
 * {@code 0700} and a file {@code 0600}; the mode is given at creation (never wider, not even for a moment)
 * and then set again explicitly, so the result does not depend on the process's umask. On a file system
 * without POSIX permissions, files are created plainly and {@link #whyNotPrivate} finds nothing to refuse.
 */
public final class PrivateFiles {

    /** The mode of every file Custody creates. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** The mode of every directory Custody creates. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and every missing parent, each {@code 0700}; directories that exist already are left
     * as they are.
     *
     * @return {@code dir}
     * @throws IOException when a directory cannot be created, or a path component exists and is not a directory
     */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                Files.createDirectory(p, attributes(DIRECTORY));
                restrict(p, DIRECTORY);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
        return dir;
    }

    /**
     * Opens {@code file} as {@link FileChannel#open(Path, OpenOption...)} does; a file it creates
     * ({@link StandardOpenOption#CREATE} or {@link StandardOpenOption#CREATE_NEW}), or creates or truncates
     * ({@code CREATE} with {@link StandardOpenOption#TRUNCATE_EXISTING}: a temporary file left by a crash), is
     * {@code 0600}.
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        List<OpenOption> list = List.of(options);
        boolean mayCreate = list.contains(StandardOpenOption.CREATE_NEW) || list.contains(StandardOpenOption.CREATE)
                && (list.contains(StandardOpenOption.TRUNCATE_EXISTING) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS));
        FileChannel ch = FileChannel.open(file, Set.copyOf(list), attributes(FILE));
        if (mayCreate) {
            try {
                restrict(file, FILE);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
        return ch;
    }

    /**
     * Why {@code file} must not be trusted with a secret, or empty when it is a regular file (not a link) that
     * only its owner can read or write and that owner is the user this process runs as. Always empty on a
     * file system without POSIX permissions.
     *
     * @throws IOException when the file's attributes cannot be read (for example, it does not exist)
     */
    public static Optional<String> whyNotPrivate(Path file) throws IOException {
        return whyNotPrivate(file, processUid());
    }

    /** As {@link #whyNotPrivate(Path)}, with the service's user given (empty: compare by user name). */
    static Optional<String> whyNotPrivate(Path file, OptionalInt serviceUid) throws IOException {
        if (!POSIX) {
            return Optional.empty();
        }
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return Optional.of("is a symbolic link");
        }
        if (!a.isRegularFile()) {
            return Optional.of("is not a regular file");
        }
        if (!OWNER.containsAll(a.permissions())) {
            return Optional.of("can be used by group or others (mode " + PosixFilePermissions.toString(a.permissions())
                    + "); it must be owner-only (chmod 600)");
        }
        String owner = a.owner().getName();
        OptionalInt uid = fileUid(file);
        if (serviceUid.isPresent() && uid.isPresent()) {
            if (uid.getAsInt() != serviceUid.getAsInt()) {
                return Optional.of("is owned by " + owner + " (uid " + uid.getAsInt() + "), not by the user this service "
                        + "runs as (uid " + serviceUid.getAsInt() + ")");
            }
        } else if (!owner.equals(System.getProperty("user.name"))) {
            return Optional.of("is owned by " + owner + ", not by the user this service runs as ("
                    + System.getProperty("user.name") + ")");
        }
        return Optional.empty();
    }

    private static OptionalInt fileUid(Path file) {
        try {
            return Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) instanceof Integer uid
                    ? OptionalInt.of(uid) : OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** The effective uid of this process (from {@code /proc/self/status} on Linux), or empty where unknown. */
    static OptionalInt processUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return OptionalInt.of(Integer.parseInt(line.substring(4).trim().split("\\s+")[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the user name
        }
        return OptionalInt.empty();
    }

    private static void restrict(Path p, Set<PosixFilePermission> mode) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(p, mode);
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }
}
