package dev.custody.adapters.redis;

/**
 * The Lua script that adds stored records to a chain's recent stream and counts them, atomically. Records at
 * or below the newest seq held are skipped (so a retry counts once); a gap, or an empty stream, restarts the
 * coverage ({@code since}) after the new record. The stream is trimmed to the retention by entry id, whose
 * milliseconds are the record's recorded_at.
 */
final class RecentScript {

    /** Arguments per record, in this order. */
    static final int FIELDS = 9;

    /*
     * KEYS: stream, meta, count prefix.
     * ARGV: ttl ms, min id (ms), n, then per record: seq, entry id, since-if-first (micros + 1, or 0 for seq 1),
     *       bucket (epoch s), line, packed index fields (RecordEntries.index), and for the counters action,
     *       outcome, actor id -- 9 values
     */
    static final LuaScript SCRIPT = LuaScript.of("""
            local stream, meta, cprefix = KEYS[1], KEYS[2], KEYS[3]
            local ttl, minid, n = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
            local last = tonumber(redis.call('HGET', meta, 'last') or '0')
            local added = 0
            for i = 0, n - 1 do
              local b = 4 + i * 9
              local seq = tonumber(ARGV[b])
              if seq > last then
                if last == 0 or seq ~= last + 1 then
                  redis.call('DEL', stream)
                  redis.call('HSET', meta, 'since', ARGV[b + 2])
                end
                redis.call('XADD', stream, ARGV[b + 1], 'r', ARGV[b + 4], 'm', ARGV[b + 5])
                last = seq
                added = added + 1
                local bucket = ARGV[b + 3]
                local dims = {'action', ARGV[b + 6], 'outcome', ARGV[b + 7], 'actor', ARGV[b + 8]}
                for d = 1, 5, 2 do
                  local ck = cprefix .. dims[d] .. ':' .. bucket
                  redis.call('HINCRBY', ck, dims[d + 1], 1)
                  redis.call('PEXPIRE', ck, ttl)
                end
              end
            end
            redis.call('HSET', meta, 'last', tostring(last))
            local trimmed = tonumber(redis.call('HGET', meta, 'trimmed') or '0')
            if tonumber(minid) > trimmed then
              redis.call('XTRIM', stream, 'MINID', '~', minid)
              redis.call('HSET', meta, 'trimmed', minid)
            end
            redis.call('PEXPIRE', stream, ttl)
            redis.call('PEXPIRE', meta, ttl)
            return added
            """);

    private RecentScript() {
    }
}
