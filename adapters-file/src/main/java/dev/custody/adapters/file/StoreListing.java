package dev.custody.adapters.file;

import static java.lang.System.Logger.Level.WARNING;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the directories of a store say without opening a day file (ADR 0126): which chains hold records, whether a
 * chain has a day file of a given day. A store answers these from the directory tree, so it need not recover every
 * chain to answer them. Links are not followed, as in recovery.
 */
final class StoreListing {

    private static final System.Logger LOG = System.getLogger(StoreListing.class.getName());

    private StoreListing() {
    }

    /**
     * Every chain under {@code root} that holds a record, in {@link ChainId} order. {@code known} answers for a chain
     * the store has open (null: not open); another chain holds a record when its directory holds a non-empty day file.
     *
     * @throws AuditStoreException when a directory cannot be listed
     */
    static Set<ChainId> chains(Path root, Function<ChainId, Boolean> known) {
        Set<ChainId> ids = new TreeSet<>();
        try (DirectoryStream<Path> namespaces = Files.newDirectoryStream(root)) {
            for (Path ns : namespaces) {
                if (!isChainLevelDir(ns)) {
                    continue;
                }
                try (DirectoryStream<Path> tenants = Files.newDirectoryStream(ns)) {
                    for (Path tenant : tenants) {
                        if (!isChainLevelDir(tenant)) {
                            continue;
                        }
                        ChainId chain = ChainId.of(ns.getFileName().toString(), tenant.getFileName().toString());
                        Boolean holds = known.apply(chain);
                        if (holds != null ? holds : holdsDayFile(tenant)) {
                            ids.add(chain);
                        }
                    }
                } catch (NoSuchFileException e) {
                    // removed while listed: no chains there
                }
            }
        } catch (IOException | DirectoryIteratorException | UncheckedIOException e) {
            throw new AuditStoreException("list the chains of file store " + root + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableSet(ids);
    }

    /** Whether the chain directory {@code dir} holds the day file of {@code day} or of the day after it. */
    static boolean holdsDay(Path dir, LocalDate day) {
        return Files.exists(StorePaths.dayFile(dir, day), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(StorePaths.dayFile(dir, day.plusDays(1)), LinkOption.NOFOLLOW_LINKS);
    }

    /** Logs, at a store's start, what lies directly under {@code root} that is neither a namespace nor the store's own. */
    static void warnAboutStrayEntries(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.equals(DirectoryLock.FILE_NAME) && !name.equals(StoreFormat.FILE_NAME) && !isChainLevelDir(p)) {
                    LOG.log(WARNING, "Ignoring {0}: not a namespace directory (links are not followed)", p);
                }
            }
        }
    }

    private static boolean holdsDayFile(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (StorePaths.dayOf(f).isPresent() && nonEmptyFile(f)) {
                    return true;
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        return false;
    }

    private static boolean nonEmptyFile(Path f) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.size() > 0;
        } catch (NoSuchFileException e) {
            return false;   // purged while listed
        }
    }

    private static boolean isChainLevelDir(Path p) {
        return ChainId.isValidName(p.getFileName().toString()) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
