package dev.custody.adapters.file;

import dev.custody.ports.AuditStoreException;
import dev.custody.ports.ChainId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Where things live under the store directory: {@code <root>/<namespace>/<tenant>/<yyyy-mm-dd>.jsonl}.
 * {@link ChainId} already validates names; the checks here are defence in depth.
 */
final class StorePaths {

    static final String SUFFIX = ".jsonl";

    /** Added to a day file's name for the temporary file a purge writes next to it ({@link PurgeRewrite}). */
    static final String PURGE_TEMP = ".purge";

    private StorePaths() {
    }

    /** The directory of {@code chain}; {@code root} must be absolute and normalized. */
    static Path chainDir(Path root, ChainId chain) {
        return chainDir(root, chain.namespace(), chain.tenant());
    }

    /**
     * The directory of a chain named by raw strings.
     *
     * @throws AuditStoreException when the names would lead anywhere but two levels under {@code root}
     */
    static Path chainDir(Path root, String namespace, String tenant) {
        Path dir;
        try {
            dir = root.resolve(namespace).resolve(tenant).normalize();
        } catch (RuntimeException e) {
            throw outside(root, namespace, tenant, "an invalid path");
        }
        if (!dir.startsWith(root) || dir.getNameCount() != root.getNameCount() + 2) {
            throw outside(root, namespace, tenant, dir.toString());
        }
        return dir;
    }

    /**
     * Checks that following links from {@code chainDir}, or from its nearest existing ancestor when it
     * does not exist yet, does not leave the store either.
     *
     * @throws AuditStoreException when the real directory is outside {@code realRoot}
     */
    static void checkReal(Path realRoot, Path chainDir) throws IOException {
        Path existing = chainDir;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real = existing == null ? null : existing.toRealPath();
        if (real == null || !real.startsWith(realRoot)) {
            throw new AuditStoreException("Chain directory " + chainDir + " resolves to " + real
                    + ", outside the file store " + realRoot + "; refusing to use it");
        }
    }

    /** The file that holds a chain's records of the UTC {@code day}. */
    static Path dayFile(Path chainDir, LocalDate day) {
        return chainDir.resolve(day + SUFFIX);
    }

    /** The temporary file a purge writes the kept lines of {@code dayFile} to. */
    static Path purgeTemp(Path dayFile) {
        return dayFile.resolveSibling(dayFile.getFileName() + PURGE_TEMP);
    }

    /** Whether {@code file} is named like the temporary file of a purge. */
    static boolean isPurgeTemp(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(PURGE_TEMP)
                && dayOf(file.resolveSibling(name.substring(0, name.length() - PURGE_TEMP.length()))).isPresent();
    }

    /** The UTC day a day file holds, or empty when {@code file} is not named like one. */
    static Optional<LocalDate> dayOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String date = name.substring(0, name.length() - SUFFIX.length());
        try {
            LocalDate day = LocalDate.parse(date);
            return day.toString().equals(date) ? Optional.of(day) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static AuditStoreException outside(Path root, String namespace, String tenant, String where) {
        return new AuditStoreException("Chain " + namespace + "/" + tenant + " resolves to " + where
                + ", not a chain directory under the file store " + root + "; refusing to use it");
    }
}
