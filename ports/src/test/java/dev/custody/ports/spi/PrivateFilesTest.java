package dev.custody.ports.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only files and directories whatever the umask, and the checks that refuse a secret's file. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void createDirectories_makesEachMissingLevel0700_andLeavesExistingOnesAlone() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.createDirectories(dir.resolve("a/b/c"));
        assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a/b/c"))).isEqualTo("rwx------");
        PrivateFiles.createDirectories(dir.resolve("a/b/c"));   // idempotent
    }

    @Test
    void open_createsFiles0600_andResetsATemporaryFileItTruncates() throws Exception {
        Path created = dir.resolve("new");
        try (FileChannel ch = PrivateFiles.open(created, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThat(ch.isOpen()).isTrue();
        }
        assertThat(mode(created)).isEqualTo("rw-------");
        Path leftover = Files.writeString(dir.resolve("tmp"), "left by an earlier version");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.open(leftover, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING).close();
        assertThat(mode(leftover)).isEqualTo("rw-------");
        Path appended = Files.writeString(dir.resolve("log"), "x");
        Files.setPosixFilePermissions(appended, PosixFilePermissions.fromString("rw-r-----"));
        PrivateFiles.open(appended, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        assertThat(mode(appended)).as("an existing file opened to append is not the creator's to change").isEqualTo("rw-r-----");
    }

    @Test
    void whyNotPrivate_refusesWhatOthersCouldReadOrHavePlanted() throws Exception {
        Path secret = dir.resolve("secret");
        PrivateFiles.open(secret, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        OptionalInt me = PrivateFiles.processUid();
        assertThat(me).isPresent();
        assertThat(PrivateFiles.whyNotPrivate(secret)).isEmpty();

        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PrivateFiles.whyNotPrivate(secret)).hasValue(
                "can be used by group or others (mode rw-r--r--); it must be owner-only (chmod 600)");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw----r--"));
        assertThat(PrivateFiles.whyNotPrivate(secret)).get().asString().contains("group or others");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

        int someoneElse = me.getAsInt() + 4242;
        assertThat(PrivateFiles.whyNotPrivate(secret, OptionalInt.of(someoneElse))).get().asString()
                .contains("(uid " + me.getAsInt() + "), not by the user this service runs as (uid " + someoneElse + ")");

        Path link = Files.createSymbolicLink(dir.resolve("link"), secret);
        assertThat(PrivateFiles.whyNotPrivate(link)).hasValue("is a symbolic link");
        assertThat(PrivateFiles.whyNotPrivate(dir)).hasValue("is not a regular file");
    }
}
