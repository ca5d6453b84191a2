package dev.custody.adapters.tink;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import dev.custody.ports.KeyStore;
import dev.custody.ports.KeyStoreException;
import dev.custody.ports.KeysetCipher;
import dev.custody.ports.KeysetPrf;
import dev.custody.ports.KeysetStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keysets as files {@code <dir>/<name>.keyset.json}, each a Tink AES-256-GCM (AEAD) or HMAC-SHA256 (PRF)
 * keyset encrypted under the key-encryption key with its own name as associated data (a keyset file
 * renamed to another name does not open). Creation, rotation and destruction are serialised; reads of a
 * loaded keyset are lock-free. Destruction overwrites the file in place with random bytes, syncs, deletes
 * it (and any temporary file of an interrupted write) and syncs the directory; see docs/privacy.md for
 * what the file system may still hold.
 */
final class TinkKeyStore implements KeyStore {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final String SUFFIX = ".keyset.json";

    private final Path dir;
    private final Aead kek;
    private final String description;
    private final Map<String, TinkKeysetCipher> ciphers = new ConcurrentHashMap<>();
    private final Map<String, TinkKeysetPrf> prfs = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    TinkKeyStore(Path dir, Aead kek, String description) {
        this.dir = dir;
        this.kek = kek;
        this.description = description;
    }

    @Override
    public KeysetCipher cipher(String keyset) {
        checkName(keyset);
        TinkKeysetCipher c = ciphers.get(keyset);
        if (c != null) {
            return c;
        }
        synchronized (lock) {
            return ciphers.computeIfAbsent(keyset, name -> {
                KeysetHandle handle = load(name).orElseGet(() -> create(name));
                return new TinkKeysetCipher(name, aead(name, handle));
            });
        }
    }

    @Override
    public Optional<KeysetCipher> existing(String keyset) {
        checkName(keyset);
        TinkKeysetCipher c = ciphers.get(keyset);
        if (c != null) {
            return Optional.of(c);
        }
        synchronized (lock) {
            return load(keyset).map(handle -> ciphers.computeIfAbsent(keyset, n -> new TinkKeysetCipher(n, aead(n, handle))));
        }
    }

    @Override
    public KeysetPrf prf(String keyset) {
        checkName(keyset);
        TinkKeysetPrf p = prfs.get(keyset);
        if (p != null) {
            return p;
        }
        synchronized (lock) {
            return prfs.computeIfAbsent(keyset, name -> {
                KeysetHandle handle = load(name).orElseGet(() -> create(name, PredefinedPrfParameters.HMAC_SHA256_PRF));
                return new TinkKeysetPrf(name, prfSet(name, handle));
            });
        }
    }

    @Override
    public Optional<KeysetPrf> existingPrf(String keyset) {
        checkName(keyset);
        TinkKeysetPrf p = prfs.get(keyset);
        if (p != null) {
            return Optional.of(p);
        }
        synchronized (lock) {
            return load(keyset).map(handle -> prfs.computeIfAbsent(keyset, n -> new TinkKeysetPrf(n, prfSet(n, handle))));
        }
    }

    @Override
    public KeysetStatus rotate(String keyset) {
        checkName(keyset);
        synchronized (lock) {
            KeysetHandle current = load(keyset).orElse(null);
            if (current != null) {
                aead(keyset, current);   // a PRF keyset is never rotated: the pseudonyms it made would change
            }
            KeysetHandle rotated;
            try {
                KeysetHandle.Builder b = current == null ? KeysetHandle.newBuilder() : KeysetHandle.newBuilder(current);
                b.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                        .makePrimary());
                rotated = b.build();
            } catch (GeneralSecurityException e) {
                throw new KeyStoreException("keyset " + keyset + ": cannot add a key: " + e.getMessage(), e);
            }
            store(keyset, rotated);
            Aead aead = aead(keyset, rotated);
            ciphers.compute(keyset, (n, c) -> {
                if (c == null) {
                    return new TinkKeysetCipher(n, aead);
                }
                c.replace(aead);
                return c;
            });
            return status(keyset, rotated);
        }
    }

    @Override
    public List<KeysetStatus> status() {
        List<KeysetStatus> out = new ArrayList<>();
        for (String name : names()) {
            load(name).ifPresent(h -> out.add(status(name, h)));
        }
        return out;
    }

    @Override
    public boolean destroy(String keyset) {
        checkName(keyset);
        synchronized (lock) {
            TinkKeysetCipher c = ciphers.remove(keyset);
            if (c != null) {
                c.destroy();
            }
            TinkKeysetPrf p = prfs.remove(keyset);
            if (p != null) {
                p.destroy();
            }
            try {
                return OwnerOnlyFiles.shred(file(keyset)) || c != null || p != null;
            } catch (IOException e) {
                throw new KeyStoreException("keyset " + keyset + ": cannot delete " + file(keyset) + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        ciphers.clear();
        prfs.clear();
    }

    private static void checkName(String keyset) {
        if (keyset == null || !NAME.matcher(keyset).matches()) {
            throw new IllegalArgumentException("keyset name must match " + NAME.pattern() + ", got " + keyset);
        }
    }

    private Path file(String keyset) {
        return dir.resolve(keyset + SUFFIX);
    }

    private List<String> names() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).filter(n -> NAME.matcher(n).matches())
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new KeyStoreException("cannot list keysets in " + dir + ": " + e.getMessage(), e);
        }
    }

    private Optional<KeysetHandle> load(String keyset) {
        String json;
        try {
            json = Files.readString(file(keyset), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new KeyStoreException("keyset " + keyset + ": cannot read " + file(keyset) + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, kek, associatedData(keyset)));
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": " + file(keyset) + " does not open with the "
                    + "key-encryption key (" + description + "); was the master key replaced or the file altered?", e);
        }
    }

    private KeysetHandle create(String keyset) {
        return create(keyset, PredefinedAeadParameters.AES256_GCM);
    }

    private KeysetHandle create(String keyset, com.google.crypto.tink.Parameters parameters) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(parameters);
            store(keyset, handle);
            return handle;
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + ": cannot generate a key: " + e.getMessage(), e);
        }
    }

    private void store(String keyset, KeysetHandle handle) {
        try {
            String json = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, kek, associatedData(keyset));
            OwnerOnlyFiles.write(file(keyset), json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyStoreException("keyset " + keyset + ": cannot store " + file(keyset) + ": " + e.getMessage(), e);
        }
    }

    private static Aead aead(String keyset, KeysetHandle handle) {
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + " is not an AEAD keyset: " + e.getMessage(), e);
        }
    }

    private static PrfSet prfSet(String keyset, KeysetHandle handle) {
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreException("keyset " + keyset + " is not a PRF keyset: " + e.getMessage(), e);
        }
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
