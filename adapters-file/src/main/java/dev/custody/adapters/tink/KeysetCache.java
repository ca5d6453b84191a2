package dev.custody.adapters.tink;

import com.google.crypto.tink.Aead;
import dev.custody.ports.KeyStoreException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keysets most recently used, as Tink primitives, at most {@code capacity} of them (least recently used
 * first out): what bounds the key store's memory however many subjects there are. Thread-safe.
 */
final class KeysetCache {

    /** One keyset as loaded: where its entry is, its lineage, and its primitive ({@link Aead} or PRF set). */
    record Loaded(long offset, long lineage, long end, Object primitive) {

        /** The primitive as {@code type}. */
        <P> P as(String keyset, Class<P> type) {
            if (!type.isInstance(primitive)) {
                throw new KeyStoreException("keyset " + keyset + " is not " + kind(type) + " keyset");
            }
            return type.cast(primitive);
        }
    }

    private final Map<String, Loaded> map;

    KeysetCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.map = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
                return size() > capacity;
            }
        };
    }

    static String kind(Class<?> type) {
        return type == Aead.class ? "an AEAD" : "a PRF";
    }

    synchronized Loaded get(String keyset) {
        return map.get(keyset);
    }

    synchronized void put(String keyset, Loaded loaded) {
        map.put(keyset, loaded);
    }

    synchronized void remove(String keyset) {
        map.remove(keyset);
    }

    synchronized void clear() {
        map.clear();
    }

    synchronized int size() {
        return map.size();
    }
}
