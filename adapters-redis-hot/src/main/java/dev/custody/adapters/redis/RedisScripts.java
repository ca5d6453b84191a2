package dev.custody.adapters.redis;

/** The Lua scripts of the ingest buffer, the promoter lease and idempotency keys (each runs atomically). */
final class RedisScripts {

    private RedisScripts() {
    }

    /** KEYS: ingest stream, ingest-chains set. ARGV: group, member, then (record id, event json) pairs. */
    static final LuaScript ENQUEUE = LuaScript.of("""
            redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
            for i = 3, #ARGV, 2 do
              redis.call('XADD', KEYS[1], '*', 'id', ARGV[i], 'e', ARGV[i + 1])
            end
            redis.call('SADD', KEYS[2], ARGV[2])
            return 1
            """);

    /** KEYS: ingest stream, ingest-chains set. ARGV: group, member, entry ids. Drops the chain from the set when empty. */
    static final LuaScript ACKNOWLEDGE = LuaScript.of("""
            for i = 3, #ARGV do
              redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
              redis.call('XDEL', KEYS[1], ARGV[i])
            end
            if redis.call('XLEN', KEYS[1]) == 0 then
              redis.call('SREM', KEYS[2], ARGV[2])
            end
            return 1
            """);

    /** KEYS: lease. ARGV: owner, ttl ms. 1 when the owner holds the lease afterwards. */
    static final LuaScript LEASE = LuaScript.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder == false or holder == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """);

    /** KEYS: idem key. ARGV: fingerprint, pending ttl ms. {'claimed'} when claimed now; else {fingerprint, 'p' (pending) or 'a' + answer}. */
    static final LuaScript CLAIM = LuaScript.of("""
            local f = redis.call('HGET', KEYS[1], 'f')
            if f == false then
              redis.call('HSET', KEYS[1], 'f', ARGV[1])
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {'claimed'}
            end
            local a = redis.call('HGET', KEYS[1], 'a')
            if a == false then return {f, 'p'} end
            return {f, 'a' .. a}
            """);

    /** KEYS: idem key. ARGV: fingerprint, answer (base64), ttl ms. */
    static final LuaScript COMPLETE = LuaScript.of("""
            local f = redis.call('HGET', KEYS[1], 'f')
            if f == false or f == ARGV[1] then
              redis.call('HSET', KEYS[1], 'f', ARGV[1], 'a', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return 1
            end
            return 0
            """);

    /** KEYS: idem key. ARGV: fingerprint. Deletes a pending claim of that fingerprint. */
    static final LuaScript RELEASE = LuaScript.of("""
            if redis.call('HGET', KEYS[1], 'f') == ARGV[1] and redis.call('HEXISTS', KEYS[1], 'a') == 0 then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """);
}
