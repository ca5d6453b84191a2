package dev.custody.adapters.tink;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import dev.custody.ports.KeyStore;
import dev.custody.ports.spi.KeyStoreProvider;
import dev.custody.ports.spi.PrivateFiles;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@code tink} key store. Properties:
 * <ul>
 *   <li>{@code dir} — where keysets live (one file, {@code keysets.dat}); default {@code <custody.home>/keys}</li>
 *   <li>{@code master-key} — the key-encryption key: {@code file} (default), {@code env}, {@code aws-kms},
 *       {@code gcp-kms}</li>
 *   <li>{@code master-key-file} — for {@code file}; default {@code <dir>/master-key.json}, created at first
 *       start (owner-only)</li>
 *   <li>{@code master-key-env} — for {@code env}: the variable holding the master keyset; default
 *       {@code CUSTODY_MASTER_KEY}</li>
 *   <li>{@code kms-uri} — for the KMS sources: {@code aws-kms://arn:aws:kms:…} or
 *       {@code gcp-kms://projects/…/cryptoKeys/…}; {@code kms-credentials} — optional credentials file</li>
 *   <li>{@code cached-keysets} — how many keysets are held in memory, ready to use; default 10000</li>
 * </ul>
 */
public final class TinkKeyStoreProvider implements KeyStoreProvider {

    /** The configuration name of this key store. */
    public static final String NAME = "tink";
    static final String DIR = "dir";
    static final String CACHED = "cached-keysets";

    private final UnaryOperator<String> env;

    /** Needed by {@link java.util.ServiceLoader}; does no work. */
    public TinkKeyStoreProvider() {
        this(System::getenv);
    }

    TinkKeyStoreProvider(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the key store: creates the local master key at first start when that is the source, takes the
     * directory's lock, and moves keyset files of the earlier layout into the keyset file. When another process
     * (or key store) holds the directory, the store opens read-only.
     *
     * @throws dev.custody.ports.spi.ConfigurationException naming key and value when a property is
     *     invalid or the key-encryption key cannot seal and open a probe
     */
    @Override
    public KeyStore create(ProviderConfig config, ProviderContext context) {
        config.rejectUnknownKeys(Set.of(DIR, MasterKeys.SOURCE, MasterKeys.FILE, MasterKeys.ENV, MasterKeys.KMS_URI,
                MasterKeys.KMS_CREDENTIALS, CACHED));
        Path dir = config.path(DIR, context.home().resolve("keys"));
        String shownDir = config.string(DIR).orElse(dir.toString());
        int cached = config.integer(CACHED, 10_000, 1, Integer.MAX_VALUE);
        try {
            AeadConfig.register();
            PrfConfig.register();
            PrivateFiles.createDirectories(dir);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD primitives cannot be registered", e);
        } catch (IOException e) {
            throw config.invalid(DIR, shownDir, "must be a writable directory (" + e.getMessage() + ")");
        }
        MasterKeys.Kek kek = MasterKeys.open(config, dir, context.home(), env);
        KeysLock lock;
        try {
            lock = KeysLock.acquire(dir);
        } catch (IOException e) {
            throw config.invalid(DIR, shownDir, "cannot lock the key directory (" + e.getMessage() + ")");
        }
        KeysetFile file = null;
        try {
            file = KeysetFile.open(dir, !lock.held());
            if (lock.held()) {   // read-only (an offline command beside the service) says so only when asked to write
                KeysetFilesMigration.migrate(dir, file);
            }
            TinkKeyStore store = new TinkKeyStore(file, lock, kek.aead(), "tink keysets in " + file.path() + " under the "
                    + kek.description(), cached, TinkKeyStore.COMPACT_AFTER_BYTES, kek.warnings());
            store.compactIfWorthIt();
            return store;
        } catch (IOException | RuntimeException e) {
            closeQuietly(file, e);
            lock.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw config.invalid(DIR, shownDir, "cannot open the keyset file (" + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(KeysetFile file, Exception failure) {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
