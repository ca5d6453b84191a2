package dev.custody.adapters.tink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads a keyset file's bytes the way an attacker with the disk would: by searching them. */
final class KeysetFileBytes {

    private KeysetFileBytes() {
    }

    /** The body (the wrapped keyset) of the live entry named {@code name}. */
    static byte[] body(byte[] file, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (int at = KeysetFile.MAGIC.length; at < file.length; ) {
            ByteBuffer b = ByteBuffer.wrap(file);
            int nameLength = file[at + 2] & 0xff;
            int bodyLength = b.getInt(at + 4);
            String found = new String(file, at + KeysetFile.HEAD, nameLength, StandardCharsets.US_ASCII);
            if (file[at] == KeysetFile.LIVE && found.equals(name)) {
                byte[] body = new byte[bodyLength];
                System.arraycopy(file, at + KeysetFile.HEAD + n.length, body, 0, bodyLength);
                return body;
            }
            at += KeysetFile.HEAD + nameLength + bodyLength + 4;
        }
        throw new AssertionError("no live entry " + name);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
