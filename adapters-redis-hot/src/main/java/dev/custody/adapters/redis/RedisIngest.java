package dev.custody.adapters.redis;

import dev.custody.ports.ChainId;
import dev.custody.ports.hot.HotTierException;
import dev.custody.ports.hot.HotTierUnavailableException;
import dev.custody.ports.hot.IngestEntry;
import io.lettuce.core.Consumer;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.XReadArgs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The ingest buffer: one stream per chain read through a consumer group with a single consumer name, so
 * whoever holds the chain's lease first sees what a crashed holder was handed and never acknowledged (the
 * pending entries list), then new entries. No fallback: when Redis is unreachable it throws
 * {@link HotTierUnavailableException}.
 */
final class RedisIngest {

    private static final String CONSUMER = "promoter";
    /** Members of the ingest-chains set one {@link #chains()} asks for (a hint to Redis, which may return a few more). */
    static final int CHAINS_PAGE = 1_000;

    private final RedisLink link;
    private final RedisKeys keys;
    private ScanCursor cursor = ScanCursor.INITIAL;

    RedisIngest(RedisLink link, RedisKeys keys) {
        this.link = link;
        this.keys = keys;
    }

    void enqueue(ChainId chain, List<IngestEntry> events) {
        if (events.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(2 + 2 * events.size());
        args.add(RedisKeys.GROUP);
        args.add(RedisKeys.member(chain));
        for (IngestEntry e : events) {
            args.add(e.recordId());
            args.add(e.eventJson());
        }
        call("enqueue to " + chain, () -> link.eval(RedisScripts.ENQUEUE, ScriptOutputType.INTEGER,
                new String[] {keys.ingest(chain), keys.ingestChains()}, args.toArray(String[]::new)));
    }

    /**
     * The next page of the chains with buffered events: one {@code SSCAN} of about {@link #CHAINS_PAGE} members from
     * where the previous call stopped, starting over once the set has been walked. A set of a million chains is never
     * read (nor held) at once; {@code SSCAN} returns every member present for a whole walk at least once per walk.
     */
    synchronized Set<ChainId> chains() {
        if (link.degraded()) {
            return Set.of();
        }
        ScanCursor from = cursor;
        ValueScanCursor<String> page = call("list ingest chains", () -> link.sync().sscan(keys.ingestChains(), from,
                ScanArgs.Builder.limit(CHAINS_PAGE)));
        cursor = page.isFinished() ? ScanCursor.INITIAL : page;
        Set<ChainId> out = new LinkedHashSet<>();
        page.getValues().forEach(m -> out.add(RedisKeys.parseMember(m)));
        return out;
    }

    List<IngestEntry> pending(ChainId chain, int max) {
        String key = keys.ingest(chain);
        Consumer<String> consumer = Consumer.from(RedisKeys.GROUP, CONSUMER);
        List<StreamMessage<String, String>> got = call("read pending of " + chain, () -> link.sync()
                .xreadgroup(consumer, XReadArgs.Builder.count(max), XReadArgs.StreamOffset.from(key, "0")));
        boolean redelivered = !got.isEmpty();
        if (got.isEmpty()) {
            got = call("read new of " + chain, () -> link.sync()
                    .xreadgroup(consumer, XReadArgs.Builder.count(max), XReadArgs.StreamOffset.lastConsumed(key)));
        }
        List<IngestEntry> out = new ArrayList<>(got.size());
        for (StreamMessage<String, String> m : got) {
            if (m.getBody() == null || m.getBody().isEmpty()) {
                continue;  // deleted while pending: already promoted and removed
            }
            long ms = Long.parseLong(m.getId().substring(0, m.getId().indexOf('-')));
            out.add(new IngestEntry(m.getId(), m.getBody().get("id"), m.getBody().get("e"), ms, redelivered));
        }
        return out;
    }

    void acknowledge(ChainId chain, List<String> entryIds) {
        if (entryIds.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(2 + entryIds.size());
        args.add(RedisKeys.GROUP);
        args.add(RedisKeys.member(chain));
        args.addAll(entryIds);
        call("acknowledge on " + chain, () -> link.eval(RedisScripts.ACKNOWLEDGE, ScriptOutputType.INTEGER,
                new String[] {keys.ingest(chain), keys.ingestChains()}, args.toArray(String[]::new)));
    }

    boolean lease(ChainId chain, String owner, long ttlMillis) {
        if (link.degraded()) {
            return false;
        }
        try {
            Long got = link.eval(RedisScripts.LEASE, ScriptOutputType.INTEGER, new String[] {keys.lease(chain)},
                    owner, Long.toString(ttlMillis));
            return got != null && got == 1L;
        } catch (RuntimeException e) {
            if (RedisLink.unreachable(e)) {
                link.degrade(e);
                return false;
            }
            throw new HotTierException("lease of " + chain + ": " + e.getMessage(), e);
        }
    }

    private <T> T call(String what, Supplier<T> op) {
        if (link.degraded()) {
            throw new HotTierUnavailableException(what + ": Redis is unreachable (" + link.status().reason() + ")", null);
        }
        try {
            return op.get();
        } catch (RuntimeException e) {
            if (RedisLink.unreachable(e)) {
                link.degrade(e);
                throw new HotTierUnavailableException(what + ": Redis is unreachable (" + e.getMessage() + ")", e);
            }
            throw new HotTierException(what + ": Redis refused: " + e.getMessage(), e);
        }
    }
}
