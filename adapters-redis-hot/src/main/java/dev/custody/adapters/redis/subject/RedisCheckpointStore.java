package dev.custody.adapters.redis.subject;

import dev.custody.ports.SubjectDataException;
import dev.custody.ports.SubjectDataStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
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
 *   <li>{@code P cp:<subject>:<thread>} — the checkpoint (a string);</li>
 *   <li>{@code P threads:<subject>} — sorted set of the subject's threads, scored by last-active epoch millis;</li>
 *   <li>{@code P active} — sorted set of every {@code <subject>:<thread>}, scored the same, for retention.</li>
 * </ul>
 * Each change is one MULTI/EXEC transaction. The subject is always Custody's pseudonym, never a raw id.
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
                    for (String m : members) {
                        int colon = m.indexOf(':');
                        String subject = m.substring(0, colon);
                        String item = m.substring(colon + 1);
                        r.del(checkpoint(subject, item));
                        r.zrem(threads(subject), item);
                    }
                    r.zrem(active(), members.toArray(String[]::new));
                    TransactionResult tx = requireExec(r.exec());
                    for (int i = 0; i < members.size(); i++) {
                        total += tx.<Long>get(2 * i);
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
