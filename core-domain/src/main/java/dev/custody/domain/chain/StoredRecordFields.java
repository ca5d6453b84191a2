package dev.custody.domain.chain;

/**
 * The members of a stored record that verification links by, taken from the hashed JSON itself.
 * {@code seq} and {@code v} are -1 when absent or not integers; strings are null when absent.
 */
record StoredRecordFields(String id, long seq, String prevHash, String recordHash, String namespace,
        String tenant, long v, String computedHash) {
}
