package dev.custody.domain.memory;

import dev.custody.domain.chain.Sha256;
import dev.custody.ports.ArchiveCapability;
import dev.custody.ports.ArchiveObject;
import dev.custody.ports.ArchiveObjectExistsException;
import dev.custody.ports.ArchivePut;
import dev.custody.ports.ArchiveStore;
import dev.custody.ports.ArchiveStoreException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The {@code memory} archive: objects in a map, for tests and development only. It enforces immutability and
 * records retention and holds, but nothing survives the process, so it offers no real WORM protection.
 */
public class MemoryArchiveStore implements ArchiveStore {

    private record Stored(byte[] bytes, ArchiveObject info) {
    }

    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final Set<ArchiveCapability> capabilities;

    /** With every capability. */
    public MemoryArchiveStore() {
        this(EnumSet.allOf(ArchiveCapability.class));
    }

    /** With only {@code capabilities} (to exercise callers of a store that lacks some). */
    public MemoryArchiveStore(Set<ArchiveCapability> capabilities) {
        this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(ArchiveCapability.class) : EnumSet.copyOf(capabilities);
    }

    @Override
    public Set<ArchiveCapability> capabilities() {
        return EnumSet.copyOf(capabilities.isEmpty() ? EnumSet.noneOf(ArchiveCapability.class) : capabilities);
    }

    @Override
    public ArchiveObject put(String key, byte[] content, ArchivePut options) {
        ArchiveStore.checkKey(key);
        if (options.retainUntil() != null && !capabilities.contains(ArchiveCapability.RETENTION)) {
            throw new UnsupportedOperationException("this memory archive has no retention");
        }
        if (options.legalHold() && !capabilities.contains(ArchiveCapability.LEGAL_HOLD)) {
            throw new UnsupportedOperationException("this memory archive has no legal hold");
        }
        ArchiveObject info = new ArchiveObject(key, content.length, Sha256.hex(content), options.contentType(),
                options.metadata(), options.retainUntil(), options.legalHold());
        if (objects.putIfAbsent(key, new Stored(content.clone(), info)) != null) {
            throw new ArchiveObjectExistsException("memory archive: " + key + " already exists");
        }
        return info;
    }

    @Override
    public Optional<byte[]> get(String key) {
        ArchiveStore.checkKey(key);
        Stored s = objects.get(key);
        return s == null ? Optional.empty() : Optional.of(s.bytes().clone());
    }

    @Override
    public Optional<ArchiveObject> head(String key) {
        ArchiveStore.checkKey(key);
        Stored s = objects.get(key);
        return s == null ? Optional.empty() : Optional.of(s.info());
    }

    @Override
    public List<ArchiveObject> list(String prefix) {
        List<ArchiveObject> out = new ArrayList<>();
        for (var e : objects.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.add(e.getValue().info());
        }
        return out;
    }

    @Override
    public void setLegalHold(String key, boolean on) {
        if (!capabilities.contains(ArchiveCapability.LEGAL_HOLD)) {
            ArchiveStore.super.setLegalHold(key, on);
        }
        objects.compute(ArchiveStore.checkKey(key), (k, s) -> {
            if (s == null) {
                throw new ArchiveStoreException("memory archive: setLegalHold: no object " + key);
            }
            ArchiveObject i = s.info();
            return new Stored(s.bytes(), new ArchiveObject(k, i.size(), i.sha256(), i.contentType(), i.metadata(), i.retainUntil(), on));
        });
    }

    /** Refuses while a legal hold is on or the retention date (against the system clock) has not passed. */
    @Override
    public boolean delete(String key) {
        Stored s = objects.get(ArchiveStore.checkKey(key));
        if (s == null) {
            return false;
        }
        if (s.info().legalHold()) {
            throw new ArchiveStoreException("memory archive: delete " + key + ": a legal hold is on");
        }
        if (s.info().retainUntil() != null && s.info().retainUntil().isAfter(java.time.Instant.now())) {
            throw new ArchiveStoreException("memory archive: delete " + key + ": retained until " + s.info().retainUntil());
        }
        return objects.remove(key) != null;
    }

    /**
     * Replaces an object's bytes in place, bypassing immutability: only for tests that prove tampering is
     * detected. The recorded sha256 stays the original one.
     */
    public void tamper(String key, byte[] bytes) {
        objects.computeIfPresent(key, (k, s) -> new Stored(bytes.clone(), s.info()));
    }

    @Override
    public String location(String key) {
        return "memory:" + key;
    }

    @Override
    public void close() {
    }
}
