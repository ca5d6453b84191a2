package dev.custody.domain.tiering;

import dev.custody.domain.chain.Sha256;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The RFC 9162 (§2.1.1) Merkle tree hash, built incrementally: {@code MTH({}) = SHA-256()},
 * leaf {@code SHA-256(0x00 || d)}, node {@code SHA-256(0x01 || left || right)}, where the left subtree holds
 * the largest power of two of leaves smaller than n. Memory is O(log n). Not thread-safe.
 */
public final class MerkleTree {

    private record Node(byte[] hash, long size) {
    }

    private final Deque<Node> stack = new ArrayDeque<>();
    private final MessageDigest digest = Sha256.newDigest();
    private long size;

    /** Adds the next leaf, {@code data} being the entry's bytes. */
    public void add(byte[] data) {
        add(data, 0, data.length);
    }

    /** Adds the next leaf from {@code data[off, off+len)}. */
    public void add(byte[] data, int off, int len) {
        digest.reset();
        digest.update((byte) 0x00);
        digest.update(data, off, len);
        Node node = new Node(digest.digest(), 1);
        size++;
        while (!stack.isEmpty() && stack.peek().size() == node.size()) {
            Node left = stack.pop();
            node = new Node(interior(left.hash(), node.hash()), left.size() * 2);
        }
        stack.push(node);
    }

    /** How many leaves were added. */
    public long size() {
        return size;
    }

    /** The tree hash of the leaves added so far, lower-case hex. */
    public String rootHex() {
        if (stack.isEmpty()) {
            digest.reset();
            return Sha256.toHex(digest.digest());
        }
        // the stack holds perfect subtrees of strictly decreasing size; fold them right to left
        var it = stack.iterator();
        byte[] acc = it.next().hash();
        while (it.hasNext()) {
            acc = interior(it.next().hash(), acc);
        }
        return Sha256.toHex(acc);
    }

    private byte[] interior(byte[] left, byte[] right) {
        digest.reset();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }
}
