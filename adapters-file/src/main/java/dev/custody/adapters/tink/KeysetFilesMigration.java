package dev.custody.adapters.tink;

import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;

/**
 * Moves the keysets of the earlier layout — one {@code <name>.keyset.json} file per keyset (Tink JSON, encrypted
 * under the key-encryption key) — into the {@link KeysetFile}, byte for byte (no key is opened, so no KMS call is
 * made), then destroys the files. Crash-safe and idempotent: the entries are synced before any file goes, and a
 * keyset already in the keyset file is not added again; the next open finishes what a crash interrupted.
 */
final class KeysetFilesMigration {

    static final String SUFFIX = ".keyset.json";
    private static final System.Logger LOG = System.getLogger(KeysetFilesMigration.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeysetFilesMigration() {
    }

    /** Migrates every keyset file in {@code dir}; returns how many there were. */
    static int migrate(Path dir, KeysetFile file) throws IOException {
        List<Path> legacy = files(dir);
        if (legacy.isEmpty()) {
            return 0;
        }
        long end = 0;
        for (Path p : legacy) {
            String name = nameOf(p);
            if (file.find(name).isEmpty()) {
                end = file.put(name, KeysetFile.JSON, RANDOM.nextLong(), Files.readAllBytes(p)).end();
            }
        }
        file.sync(end);
        for (Path p : legacy) {
            OwnerOnlyFiles.shred(p);
        }
        LOG.log(INFO, "Moved " + legacy.size() + " keyset files of " + dir + " into " + file.path()
                + " and overwrote them; this key directory can no longer be opened by versions before it");
        return legacy.size();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .filter(p -> TinkKeyStore.validName(nameOf(p))).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static String nameOf(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - SUFFIX.length());
    }
}
