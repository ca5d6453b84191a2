package dev.custody.adapters.s3gcs;

import dev.custody.ports.ArchiveStore;
import dev.custody.ports.spi.ProviderConfig;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Key prefixing and digests shared by both stores. */
final class ObjectKeys {

    /** The user-metadata key under which both stores record the object's SHA-256 (hex). */
    static final String SHA256_META = "custody-object-sha256";

    private ObjectKeys() {
    }

    /** The configured prefix ({@code prefix}), validated, ending in {@code /} unless empty. */
    static String prefix(ProviderConfig config) {
        String p = config.string("prefix", "");
        if (p.isEmpty()) {
            return "";
        }
        String trimmed = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        try {
            ArchiveStore.checkKey(trimmed);
        } catch (IllegalArgumentException e) {
            throw config.invalid("prefix", p, "must be a key prefix of [A-Za-z0-9._/-] without empty, . or .. segments");
        }
        return trimmed + "/";
    }

    static byte[] sha256(byte[] content) {
        return digest("SHA-256", content);
    }

    static String md5Base64(byte[] content) {
        return Base64.getEncoder().encodeToString(digest("MD5", content));
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** User metadata without the store's own entries. */
    static Map<String, String> userMetadata(Map<String, String> stored) {
        Map<String, String> out = new LinkedHashMap<>();
        if (stored != null) {
            stored.forEach((k, v) -> {
                if (!k.equalsIgnoreCase(SHA256_META)) {
                    out.put(k.toLowerCase(java.util.Locale.ROOT), v);
                }
            });
        }
        return out;
    }

    private static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
