package dev.custody.adapters.tink;

import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * Where each live keyset's entry starts in the keyset file, by a 32-bit hash of its name: an open-addressing
 * table (linear probing, deletion by backward shift) of an {@code int} hash and a {@code long} offset, 12 bytes
 * a slot, kept between 3/8 and 3/4 full: 16 to 32 bytes per keyset, about 50 bytes per data subject (two
 * keysets). Names are not kept in memory; the caller reads the name at a candidate offset to tell two names
 * with the same hash apart. Not thread-safe: the key store calls it under its lock.
 */
final class KeysetIndex {

    private static final int MIN_CAPACITY = 1024;

    private int[] hashes = new int[MIN_CAPACITY];
    private long[] offsets = new long[MIN_CAPACITY];   // 0 = empty slot (offset 0 is the file header)
    private int size;

    /** A 32-bit hash of {@code name} (FNV-1a, then a finaliser that spreads the bits). */
    static int hash(String name) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33));
    }

    int size() {
        return size;
    }

    /** The first offset with hash {@code h} that {@code matches} accepts, or -1. */
    long find(int h, LongPredicate matches) {
        int mask = offsets.length - 1;
        for (int i = h & mask; offsets[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] == h && matches.test(offsets[i])) {
                return offsets[i];
            }
        }
        return -1;
    }

    /** Adds an entry at {@code offset}; the caller has checked that its name is not indexed yet. */
    void add(int h, long offset) {
        if (offset <= 0) {
            throw new IllegalArgumentException("an entry offset is positive, got " + offset);
        }
        if ((size + 1) * 4L > offsets.length * 3L) {
            grow();
        }
        insert(h, offset);
        size++;
    }

    /** Moves the entry of hash {@code h} at {@code from} to {@code to}. */
    void move(int h, long from, long to) {
        int i = slotOf(h, from);
        offsets[i] = to;
    }

    /** Removes the entry of hash {@code h} at {@code offset}. */
    void remove(int h, long offset) {
        int mask = offsets.length - 1;
        int hole = slotOf(h, offset);
        offsets[hole] = 0;
        size--;
        for (int i = (hole + 1) & mask; offsets[i] != 0; i = (i + 1) & mask) {
            int home = hashes[i] & mask;
            // move slot i into the hole unless its home lies cyclically in (hole, i]
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                hashes[hole] = hashes[i];
                offsets[hole] = offsets[i];
                offsets[i] = 0;
                hole = i;
            }
        }
    }

    /** Every indexed offset, in no particular order. */
    void forEach(LongConsumer action) {
        for (long o : offsets) {
            if (o != 0) {
                action.accept(o);
            }
        }
    }

    void clear() {
        hashes = new int[MIN_CAPACITY];
        offsets = new long[MIN_CAPACITY];
        size = 0;
    }

    private int slotOf(int h, long offset) {
        int mask = offsets.length - 1;
        for (int i = h & mask; offsets[i] != 0; i = (i + 1) & mask) {
            if (offsets[i] == offset) {
                return i;
            }
        }
        throw new IllegalStateException("no index entry at offset " + offset);
    }

    private void insert(int h, long offset) {
        int mask = offsets.length - 1;
        int i = h & mask;
        while (offsets[i] != 0) {
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        offsets[i] = offset;
    }

    private void grow() {
        int[] oldHashes = hashes;
        long[] oldOffsets = offsets;
        hashes = new int[oldOffsets.length * 2];
        offsets = new long[oldOffsets.length * 2];
        for (int i = 0; i < oldOffsets.length; i++) {
            if (oldOffsets[i] != 0) {
                insert(oldHashes[i], oldOffsets[i]);
            }
        }
    }
}
