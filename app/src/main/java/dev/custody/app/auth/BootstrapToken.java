package dev.custody.app.auth;

import dev.custody.ports.spi.ConfigurationException;
import dev.custody.ports.spi.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The admin token used when no API key is configured: 32 random bytes, base64url, in a file readable
 * by its owner only. The file is created with mode 0600 in one step, then reused on every start — but only
 * while it is still owner-only and owned by the user the service runs as: a file someone else could read, or
 * could have planted with a token of their choosing, is refused and startup fails.
 */
final class BootstrapToken {

    static final String FILE_NAME = "bootstrap-admin.token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BootstrapToken() {
    }

    /**
     * The token in {@code file}, creating the file first if it does not exist.
     *
     * @throws ConfigurationException naming the file when it cannot be created or read, does not hold a token, is
     *     not owner-only, is not owned by the service's user, or is not a regular file
     */
    static String loadOrCreate(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                return create(file);
            } catch (FileAlreadyExistsException raced) {
                // another process created it between the check and the create: read theirs (checked below)
            } catch (IOException | UnsupportedOperationException e) {
                throw new ConfigurationException("Cannot create the bootstrap admin token file " + file
                        + " with mode 0600: " + e.getMessage(), e);
            }
        }
        return read(file);
    }

    private static String create(Path file) throws IOException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        return token;
    }

    private static String read(Path file) {
        try {
            Optional<String> unsafe = PrivateFiles.whyNotPrivate(file);
            if (unsafe.isPresent()) {
                throw new ConfigurationException("The bootstrap admin token file " + file + " " + unsafe.get()
                        + "; refusing to trust it as an admin credential. Delete it (a new one is created at the next "
                        + "start) or configure custody.security.api-keys");
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!token.matches("[A-Za-z0-9_-]{32,}")) {
                throw new ConfigurationException("The bootstrap admin token file " + file
                        + " does not hold a token; delete it to create a new one, or configure custody.security.api-keys");
            }
            return token;
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the bootstrap admin token file " + file + ": " + e.getMessage(), e);
        }
    }
}
