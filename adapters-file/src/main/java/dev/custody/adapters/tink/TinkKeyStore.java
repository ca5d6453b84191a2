package dev.custody.adapters.tink;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import dev.custody.ports.KeyStore;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.KeysetPrf;
import dev.custody.ports.KeysetStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Keysets in one file ({@link KeysetFile}, ADR 0100), each a Tink AES-256-GCM (AEAD) or HMAC-SHA256 (PRF) keyset
 * encrypted under the key-encryption key with its own name as associated data (an entry moved to another name
 * does not open). A million subjects cost two entries each (~150 bytes apiece) in one file, ~50 bytes each of
 * index in memory, and at most {@code cacheSize} keysets are held as Tink primitives. The ciphers and PRFs it
 * hands out are handles that find their keyset on every use, so a destroyed or rotated keyset takes effect at
 * once for every holder. A new keyset is durable before {@link #cipher}/{@link #prf} return it, or, inside
 * {@link #batch}, before the batch returns; concurrent creators share one fdatasync. Destruction erases the entry
 * in place (zeros, synced) and later compaction rewrites the file without it; see docs/privacy.md for what the
 * file system may still hold. Without its directory's lock (another process writes it) the store is read-only:
 * it uses the keysets there, reads the file again for one it does not know yet, and refuses to create, rotate or
 * destroy any.
 */
final class TinkKeyStore implements KeyStore {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    /** Erased bytes that make a compaction worth it, when they also outweigh the live ones. */
    static final long COMPACT_AFTER_BYTES = 1 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeysetFile file;
    private final KeysLock directoryLock;
    private final Aead kek;
    private final String description;
    private final KeysetCache cache;
    private final Object lock = new Object();
    private final ThreadLocal<long[]> batchEnd = new ThreadLocal<>();
    private final long compactAfterBytes;
    private final List<String> warnings;

    TinkKeyStore(KeysetFile file, KeysLock directoryLock, Aead kek, String description, int cacheSize) {
        this(file, directoryLock, kek, description, cacheSize, COMPACT_AFTER_BYTES, List.of());
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @param compactAfterBytes erased bytes that make a compaction worth it (when they also outweigh the live ones)
     * @param warnings what the service logs at start about this store ({@link #warnings()})
     */
    TinkKeyStore(KeysetFile file, KeysLock directoryLock, Aead kek, String description, int cacheSize,
            long compactAfterBytes, List<String> warnings) {
        this.compactAfterBytes = compactAfterBytes;
        this.warnings = List.copyOf(warnings);
        this.file = file;
        this.directoryLock = directoryLock;
        this.kek = kek;
        this.description = description;
        this.cache = new KeysetCache(cacheSize);
    }

    @Override
    public KeysetCipher cipher(String keyset) {
        checkName(keyset);
        return new TinkKeysetCipher(this, keyset, usable(keyset, PredefinedAeadParameters.AES256_GCM, Aead.class).lineage());
    }

    @Override
    public Optional<KeysetCipher> existing(String keyset) {
        checkName(keyset);
        return Optional.ofNullable(usable(keyset, null, Aead.class)).map(l -> new TinkKeysetCipher(this, keyset, l.lineage()));
    }

    @Override
    public KeysetPrf prf(String keyset) {
        checkName(keyset);
        return new TinkKeysetPrf(this, keyset, usable(keyset, PredefinedPrfParameters.HMAC_SHA256_PRF, PrfSet.class).lineage());
    }

    @Override
    public Optional<KeysetPrf> existingPrf(String keyset) {
        checkName(keyset);
        return Optional.ofNullable(usable(keyset, null, PrfSet.class)).map(l -> new TinkKeysetPrf(this, keyset, l.lineage()));
    }

    @Override
    public <T> T batch(Supplier<T> work) {
        if (batchEnd.get() != null) {
            return work.get();   // the outermost batch syncs
        }
        long[] end = {0};
        batchEnd.set(end);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            batchEnd.remove();
            try {
                sync(end[0]);
            } catch (RuntimeException s) {
                e.addSuppressed(s);
            }
            throw e;
        }
        batchEnd.remove();
        sync(end[0]);
        return result;
    }

    @Override
    public KeysetStatus rotate(String keyset) {
        checkName(keyset);
        writable("rotate keyset " + keyset);
        synchronized (lock) {
            try {
                Optional<KeysetFile.Entry> current = file.find(keyset);
                KeysetHandle old = current.map(this::open).orElse(null);
                if (old != null) {
                    primitiveOf(keyset, old, Aead.class);   // a PRF keyset is never rotated: the pseudonyms it made would change
                }
                KeysetHandle.Builder b = old == null ? KeysetHandle.newBuilder() : KeysetHandle.newBuilder(old);
                b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary());
                KeysetHandle rotated = b.build();
                long lineage = current.map(KeysetFile.Entry::lineage).orElseGet(RANDOM::nextLong);
                KeysetFile.Entry e = file.put(keyset, KeysetFile.BINARY, lineage, seal(keyset, rotated));
                file.sync(e.end());
                cache.put(keyset, new KeysetCache.Loaded(e.offset(), lineage, e.end(), primitiveOf(keyset, rotated, Aead.class)));
                return status(keyset, rotated);
            } catch (GeneralSecurityException e) {
                throw new KeyStoreException("keyset " + keyset + ": cannot add a key: " + e.getMessage(), e);
            } catch (IOException e) {
                throw failed("rotate", keyset, e);
            }
        }
    }

    @Override
    public List<KeysetStatus> status() {
        synchronized (lock) {
            try {
                file.refresh();
                List<KeysetStatus> out = new ArrayList<>();
                for (String name : file.names()) {
                    file.find(name).ifPresent(e -> out.add(status(name, open(e))));
                }
                return out;
            } catch (IOException e) {
                throw new KeyStoreException("cannot list keysets in " + file.path() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean destroy(String keyset) {
        checkName(keyset);
        writable("destroy keyset " + keyset);
        synchronized (lock) {
            cache.remove(keyset);
            try {
                boolean existed = file.remove(keyset);
                compactIfWorthIt();
                return existed;
            } catch (IOException e) {
                throw failed("destroy", keyset, e);
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        synchronized (lock) {
            cache.clear();
            try {
                file.close();
            } catch (IOException e) {
                throw new KeyStoreException("cannot close " + file.path() + ": " + e.getMessage(), e);
            } finally {
                directoryLock.close();
            }
        }
    }

    /** Rewrites the file without erased entries when they are many (at open, and after a destruction). */
    void compactIfWorthIt() throws IOException {
        synchronized (lock) {
            if (!file.readOnly() && file.deadBytes() > compactAfterBytes && file.deadBytes() > file.liveBytes()) {
                file.compact();
                cache.clear();
            }
        }
    }

    /** The primitive of a handle's keyset, as long as it is the keyset the handle was made for. */
    <P> P primitive(String keyset, long lineage, Class<P> type) {
        KeysetCache.Loaded l = cache.get(keyset);
        if (l == null) {
            l = load(keyset, null);
        }
        if (l == null || l.lineage() != lineage) {
            throw new KeyStoreException("keyset " + keyset + " has been destroyed");
        }
        return l.as(keyset, type);
    }

    /** The loaded keyset (created from {@code create} when absent and given), checked to be of {@code type}; durable. */
    private KeysetCache.Loaded usable(String keyset, Parameters create, Class<?> type) {
        KeysetCache.Loaded l = cache.get(keyset);
        if (l == null) {
            l = load(keyset, create);
        }
        if (l == null) {
            return null;
        }
        l.as(keyset, type);
        long[] batch = batchEnd.get();
        if (batch != null) {
            batch[0] = Math.max(batch[0], l.end());
        } else {
            sync(l.end());
        }
        return l;
    }

    private KeysetCache.Loaded load(String keyset, Parameters create) {
        try {
            while (true) {
                KeysetFile.Entry e;
                synchronized (lock) {
                    e = find(keyset);
                }
                if (e == null && create == null) {
                    return null;
                }
                if (e == null) {
                    writable("create keyset " + keyset);
                }
                // the key-encryption key may be a KMS: seal and open outside the lock
                KeysetHandle handle = e == null ? KeysetHandle.generateNew(create) : open(e);
                Object primitive = primitiveOf(keyset, handle);
                byte[] sealed = e == null ? seal(keyset, handle) : null;
                synchronized (lock) {
                    KeysetCache.Loaded cached = cache.get(keyset);
                    if (cached != null) {
                        return cached;
                    }
                    Optional<KeysetFile.Entry> now = file.find(keyset);
                    if (e == null && now.isEmpty()) {
                        e = file.put(keyset, KeysetFile.BINARY, RANDOM.nextLong(), sealed);
                    } else if (e == null || now.isEmpty() || now.get().offset() != e.offset()) {
                        continue;   // created, rotated or destroyed meanwhile: look again
                    }
                    KeysetCache.Loaded l = new KeysetCache.Loaded(e.offset(), e.lineage(), e.end(), primitive);
                    cache.put(keyset, l);
                    return l;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": cannot generate a key: " + e.getMessage(), e);
        } catch (IOException e) {
            throw failed("load", keyset, e);
        }
    }

    /** The entry {@code keyset}; read-only, the file is read again when it does not hold it, or it was replaced. */
    private KeysetFile.Entry find(String keyset) throws IOException {
        try {
            Optional<KeysetFile.Entry> e = file.find(keyset);
            if (e.isPresent() || !file.refresh()) {
                return e.orElse(null);
            }
        } catch (IOException damaged) {
            if (!file.refresh()) {   // read-only: a compaction by the writer replaced the file under us
                throw damaged;
            }
        }
        return file.find(keyset).orElse(null);
    }

    private void writable(String what) {
        if (!directoryLock.held()) {
            throw directoryLock.refusal(what);
        }
    }

    private void sync(long end) {
        try {
            file.sync(end);
        } catch (IOException e) {
            throw new KeyStoreException("cannot sync " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private KeysetHandle open(KeysetFile.Entry e) {
        try {
            return e.format() == KeysetFile.JSON
                    ? TinkJsonProtoKeysetFormat.parseEncryptedKeyset(new String(e.body(), StandardCharsets.UTF_8), kek,
                            associatedData(e.name()))
                    : TinkProtoKeysetFormat.parseEncryptedKeyset(e.body(), kek, associatedData(e.name()));
        } catch (GeneralSecurityException | RuntimeException x) {
            throw new KeyStoreException("keyset " + e.name() + " in " + file.path() + " does not open with the "
                    + "key-encryption key (" + description + "); was the master key replaced or the file altered?", x);
        }
    }

    private byte[] seal(String keyset, KeysetHandle handle) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, kek, associatedData(keyset));
    }

    /** The keyset's AEAD or PRF set, whichever its primary key is. */
    private static Object primitiveOf(String keyset, KeysetHandle handle) {
        if (handle.getPrimary().getKey().getParameters() instanceof PrfParameters) {
            return primitiveOf(keyset, handle, PrfSet.class);
        }
        return primitiveOf(keyset, handle, Aead.class);
    }

    private static <P> P primitiveOf(String keyset, KeysetHandle handle, Class<P> type) {
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), type);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + " is not " + KeysetCache.kind(type) + " keyset: " + e.getMessage(), e);
        }
    }

    /** Whether {@code name} matches {@link #NAME}, without a regex (this runs several times per event). */
    static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static void checkName(String keyset) {
        if (!validName(keyset)) {
            throw new IllegalArgumentException("keyset name must match " + NAME.pattern() + ", got " + keyset);
        }
    }

    private KeyStoreException failed(String what, String keyset, IOException e) {
        return new KeyStoreException("keyset " + keyset + ": cannot " + what + " it in " + file.path() + ": " + e.getMessage(), e);
    }

    private static KeysetStatus status(String keyset, KeysetHandle handle) {
        List<KeysetStatus.Key> keys = new ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            KeysetHandle.Entry e = handle.getAt(i);
            keys.add(new KeysetStatus.Key(Integer.toUnsignedLong(e.getId()), e.getStatus().toString().toLowerCase(Locale.ROOT),
                    e.isPrimary()));
        }
        return new KeysetStatus(keyset, keys);
    }

    private static byte[] associatedData(String keyset) {
        return ("custody.keyset." + keyset).getBytes(StandardCharsets.UTF_8);
    }
}
