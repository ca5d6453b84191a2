package dev.custody.adapters.redis;

import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key layout (docs/tiers.md). Every key of one chain carries the hash tag {@code {namespace/tenant}} so
 * a cluster keeps them in one slot and a script may touch them together.
 */
record RedisKeys(String prefix) {

    static final String GROUP = "promoter";

    String tag(ChainId chain) {
        return "{" + chain.namespace() + "/" + chain.tenant() + "}";
    }

    String recent(ChainId chain) {
        return prefix + "recent:" + tag(chain);
    }

    String recentMeta(ChainId chain) {
        return prefix + "recent-meta:" + tag(chain);
    }

    /** Prefix of the counter buckets; the script appends {@code <dimension>:<bucket epoch second>}. */
    String countPrefix(ChainId chain) {
        return prefix + "count:" + tag(chain) + ":";
    }

    String ingest(ChainId chain) {
        return prefix + "ingest:" + tag(chain);
    }

    String ingestChains() {
        return prefix + "ingest-chains";
    }

    String lease(ChainId chain) {
        return prefix + "lease:" + tag(chain);
    }

    /** An idempotency key: hashed, so any caller-given text makes a short, safe Redis key. */
    String idempotency(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return prefix + "idem:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code namespace/tenant} as the ingest-chains set holds it. */
    static String member(ChainId chain) {
        return chain.namespace() + "/" + chain.tenant();
    }

    static ChainId parseMember(String member) {
        int slash = member.indexOf('/');
        return ChainId.of(member.substring(0, slash), member.substring(slash + 1));
    }
}
