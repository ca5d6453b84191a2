package dev.custody.adapters.redis.subject;

import dev.custody.ports.ChainId;
import dev.custody.ports.SubjectDataException;
import dev.custody.ports.SubjectDataStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Conversation checkpoints in Redis. Keys, under a configurable prefix {@code P}:
 * <ul>
 *   <li>{@code P cp:<subject>:<item>} — the checkpoint (a string);</li>
 *   <li>{@code P threads:<subject>} — sorted set of the subject's items, scored by last-active epoch millis;</li>
 *   <li>{@code P active} — sorted set of every {@code <subject>:<item>}, scored the same, for retention;</li>
 *   <li>{@code P scope:<namespace>/<tenant>} — sorted set of the {@code <subject>:<thread>} kept for that chain,
 *       scored the same, which the per-chain limit counts.</li>
 * </ul>
 * An item kept for a chain is {@code <namespace>/<tenant>/<thread>}; one kept for none (as every item was before
 * chains were introduced, ADR 0088) is the thread itself. A slash is in no thread id, so the two never meet, and
 * erasure and retention reach both alike. Each change is one MULTI/EXEC transaction, a store within a chain's
 * limit one Lua script. The subject is always Custody's pseudonym, never a raw id.
 */
final class RedisCheckpointStore implements SubjectDataStore {

    static final String DATA_TYPE = "conversation_checkpoints";
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern ITEM = Pattern.compile("[A-Za-z0-9._-][A-Za-z0-9._:-]{0,127}");
    private static final int BATCH = 500;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final String description;

    RedisCheckpointStore(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix,
            String description) {
        this.client = client;
        this.connection = connection;
        this.prefix = prefix;
        this.description = description;
    }

    @Override
    public String dataType() {
        return DATA_TYPE;
    }

    @Override
    public void put(String subjectKey, String itemId, String data, Instant at) {
        checkSubject(subjectKey);
        checkItem(itemId);
        java.util.Objects.requireNonNull(data, "data is null");
        long score = at.toEpochMilli();
        run("store a checkpoint", () -> {
            RedisCommands<String, String> r = connection.sync();
            synchronized (connection) {
                r.multi();
                r.set(checkpoint(subjectKey, itemId), data);
                r.zadd(threads(subjectKey), score, itemId);
                r.zadd(active(), score, subjectKey + ":" + itemId);
                return requireExec(r.exec());
            }
        });
    }

    /** Checks the chain's count and stores, atomically. KEYS: cp, threads, active, scope; ARGV: data, score, item, members, max. */
    private static final String PUT_IN = """
            if redis.call('ZSCORE', KEYS[4], ARGV[5]) == false and redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[6]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[2], ARGV[4])
            redis.call('ZADD', KEYS[4], ARGV[2], ARGV[5])
            return 1
            """;

    @Override
    public boolean putIn(ChainId scope, String subjectKey, String itemId, String data, Instant at, long maxItems) {
        java.util.Objects.requireNonNull(scope, "scope is null");
        checkSubject(subjectKey);
        checkItem(itemId);
        java.util.Objects.requireNonNull(data, "data is null");
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1, got " + maxItems);
        }
        String item = scoped(scope, itemId);
        String[] keys = {checkpoint(subjectKey, item), threads(subjectKey), active(), scopeSet(scope)};
        String[] args = {data, Long.toString(at.toEpochMilli()), item, subjectKey + ":" + item, subjectKey + ":" + itemId,
                Long.toString(maxItems)};
        Long stored = run("store a checkpoint", () -> {
            synchronized (connection) {   // never inside another thread's MULTI on the shared connection
                return connection.sync().<Long>eval(PUT_IN, ScriptOutputType.INTEGER, keys, args);
            }
        });
        return stored != null && stored == 1L;
    }

    @Override
    public Optional<String> getIn(ChainId scope, String subjectKey, String itemId) {
        java.util.Objects.requireNonNull(scope, "scope is null");
        checkSubject(subjectKey);
        checkItem(itemId);
        return run("read a checkpoint", () -> {
            synchronized (connection) {
                return Optional.ofNullable(connection.sync().get(checkpoint(subjectKey, scoped(scope, itemId))));
            }
        });
    }

    @Override
    public long countIn(ChainId scope) {
        java.util.Objects.requireNonNull(scope, "scope is null");
        return run("count a chain's checkpoints", () -> {
            synchronized (connection) {
                return connection.sync().zcard(scopeSet(scope));
            }
        });
    }

    @Override
    public Optional<String> get(String subjectKey, String itemId) {
        checkSubject(subjectKey);
        checkItem(itemId);
        return run("read a checkpoint", () -> Optional.ofNullable(connection.sync().get(checkpoint(subjectKey, itemId))));
    }

    @Override
    public long count(String subjectKey) {
        checkSubject(subjectKey);
        return run("count checkpoints", () -> connection.sync().zcard(threads(subjectKey)));
    }

    @Override
    public long deleteSubject(String subjectKey) {
        checkSubject(subjectKey);
        return run("delete a subject's checkpoints", () -> {
            RedisCommands<String, String> r = connection.sync();
            List<String> items = r.zrange(threads(subjectKey), 0, -1);
            List<String> keys = new ArrayList<>();
            List<String> members = new ArrayList<>();
            for (String item : items) {
                keys.add(checkpoint(subjectKey, item));
                members.add(subjectKey + ":" + item);
            }
            keys.add(threads(subjectKey));
            synchronized (connection) {
                r.multi();
                r.del(keys.toArray(String[]::new));
                if (!members.isEmpty()) {
                    r.zrem(active(), members.toArray(String[]::new));
                }
                for (String item : items) {
                    leaveScope(r, subjectKey, item);
                }
                TransactionResult tx = requireExec(r.exec());
                long deleted = tx.<Long>get(0);
                return Math.max(0, deleted - (items.isEmpty() ? 0 : 1));
            }
        });
    }

    @Override
    public long countInactiveBefore(Instant cutoff) {
        return countInactiveBefore(cutoff, Set.of());
    }

    @Override
    public long countInactiveBefore(Instant cutoff, Set<String> keep) {
        Range<Double> inactive = inactive(cutoff);
        return run("count inactive checkpoints", () -> {
            RedisCommands<String, String> r = connection.sync();
            long n = r.zcount(active(), inactive);
            for (String subject : keep) {
                n -= r.zcount(threads(subject), inactive);
            }
            return n;
        });
    }

    @Override
    public long deleteInactiveBefore(Instant cutoff) {
        return deleteInactiveBefore(cutoff, Set.of());
    }

    /**
     * Pages through {@code active} oldest first. A held subject's members stay in it, so each page starts after
     * the held members already passed over; everything else on a page is deleted in one transaction.
     */
    @Override
    public long deleteInactiveBefore(Instant cutoff, Set<String> keep) {
        Range<Double> inactive = inactive(cutoff);
        return run("delete inactive checkpoints", () -> {
            RedisCommands<String, String> r = connection.sync();
            long total = 0;
            long kept = 0;
            while (true) {
                List<String> page = r.zrangebyscore(active(), inactive, Limit.create(kept, BATCH));
                if (page.isEmpty()) {
                    return total;
                }
                List<String> members = new ArrayList<>(page.size());
                for (String m : page) {
                    if (keep.contains(m.substring(0, m.indexOf(':')))) {
                        kept++;
                    } else {
                        members.add(m);
                    }
                }
                if (members.isEmpty()) {
                    continue;
                }
                synchronized (connection) {
                    r.multi();
                    List<Integer> deletes = new ArrayList<>(members.size());
                    int queued = 0;
                    for (String m : members) {
                        int colon = m.indexOf(':');
                        String subject = m.substring(0, colon);
                        String item = m.substring(colon + 1);
                        deletes.add(queued);
                        r.del(checkpoint(subject, item));
                        r.zrem(threads(subject), item);
                        queued += 2 + leaveScope(r, subject, item);
                    }
                    r.zrem(active(), members.toArray(String[]::new));
                    TransactionResult tx = requireExec(r.exec());
                    for (int i : deletes) {
                        total += tx.<Long>get(i);
                    }
                }
            }
        });
    }

    private static Range<Double> inactive(Instant cutoff) {
        return Range.create((double) Long.MIN_VALUE, (double) (cutoff.toEpochMilli() - 1));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown();
        }
    }

    /** Queues the removal of a scoped item from its chain's set; how many commands it queued (0 or 1). */
    private int leaveScope(RedisCommands<String, String> r, String subject, String item) {
        int first = item.indexOf('/');
        if (first < 0) {
            return 0;
        }
        int second = item.indexOf('/', first + 1);
        r.zrem(prefix + "scope:" + item.substring(0, second), subject + ":" + item.substring(second + 1));
        return 1;
    }

    private static String scoped(ChainId scope, String itemId) {
        return scope.namespace() + "/" + scope.tenant() + "/" + itemId;
    }

    private String scopeSet(ChainId scope) {
        return prefix + "scope:" + scope.namespace() + "/" + scope.tenant();
    }

    private String checkpoint(String subject, String item) {
        return prefix + "cp:" + subject + ":" + item;
    }

    private String threads(String subject) {
        return prefix + "threads:" + subject;
    }

    private String active() {
        return prefix + "active";
    }

    private static void checkSubject(String v) {
        if (v == null || !SUBJECT.matcher(v).matches()) {
            throw new IllegalArgumentException("subject key must be 1 to 128 characters of [A-Za-z0-9._-]");
        }
    }

    private static void checkItem(String v) {
        if (v == null || !ITEM.matcher(v).matches()) {
            throw new IllegalArgumentException("thread id must be 1 to 128 characters of [A-Za-z0-9._:-]");
        }
    }

    private static TransactionResult requireExec(TransactionResult tx) {
        if (tx.wasDiscarded()) {
            throw new SubjectDataException("the Redis transaction was discarded");
        }
        return tx;
    }

    private <T> T run(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (RedisException e) {
            throw new SubjectDataException("redis subject data store (" + description + "): cannot " + operation + ": "
                    + e.getMessage(), e);
        }
    }
}
