package dev.custody.adapters.redis;

/**
 * The Lua script of an incremental read (ADR 0112): in one atomic step, the ids of the stream's first and last
 * entries and of the entry just before the first one the replica holds (a stream holds contiguous seqs, so these say
 * whether what it holds is still exactly what the stream holds), and the entries it lacks: optionally some before
 * what it holds, and those after it. An empty reply means the stream does not exist.
 */
final class ReadScript {

    /*
     * KEYS: stream.
     * ARGV: first id held, before-start, before-end ('' = read nothing before), after-start, after-end, count before,
     *       count after.
     * Reply: {} or {first id, last id, id before the first held or '', {entries before}, {entries after}}, an entry
     *        being {id, {field, value, ...}}.
     */
    static final LuaScript SCRIPT = LuaScript.of("""
            local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
            if #first == 0 then
              return {}
            end
            local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
            local prior = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[1], '-', 'COUNT', 1)
            local before = {}
            if ARGV[3] ~= '' then
              before = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[6])
            end
            local after = redis.call('XRANGE', KEYS[1], ARGV[4], ARGV[5], 'COUNT', ARGV[7])
            return {first[1][1], last[1][1], #prior == 0 and '' or prior[1][1], before, after}
            """);

    private ReadScript() {
    }
}
