package dev.custody.adapters.redis;

import dev.custody.ports.hot.HotTierStatus;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Lettuce connection and whether Redis is reachable. Commands fail fast while disconnected
 * ({@code REJECT_COMMANDS}) or after the command timeout; the first such failure marks the link degraded, and
 * a probe (PING, reconnecting when needed) clears it once Redis answers again. Starting with Redis down is
 * allowed: the link starts degraded and the probe connects later.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());

    private final HotTierSettings settings;
    private final Clock clock;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService prober;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile HotTierStatus status;
    private volatile Runnable onRecovery = () -> { };

    RedisLink(HotTierSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Duration timeout = settings.commandTimeout();
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), settings.probeInterval(), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, settings.uri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        client.setDefaultTimeout(timeout);
        this.status = new HotTierStatus(backend(), false, null, clock.millis());
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custody-redis-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            connection = client.connect();
        } catch (RedisException e) {
            degrade(e);
        }
        long every = settings.probeInterval().toMillis();
        prober.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
    }

    String backend() {
        return "redis " + settings.where();
    }

    /** Runs on every switch from degraded back to reachable. */
    void onRecovery(Runnable r) {
        this.onRecovery = r;
    }

    HotTierStatus status() {
        return status;
    }

    boolean degraded() {
        return status.degraded();
    }

    /** Synchronous commands. @throws RedisException when not connected */
    RedisCommands<String, String> sync() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            throw new RedisException("not connected to " + settings.where());
        }
        return c.sync();
    }

    RedisAsyncCommands<String, String> async() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            throw new RedisException("not connected to " + settings.where());
        }
        return c.async();
    }

    /** Whether {@code e} means "Redis cannot be reached" (as opposed to a command Redis refused). */
    static boolean unreachable(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof RedisException && !(t instanceof RedisCommandExecutionException);
    }

    /** Marks the link degraded (once; the reason is the first error). */
    void degrade(Throwable e) {
        if (!status.degraded()) {
            synchronized (this) {
                if (!status.degraded()) {
                    status = new HotTierStatus(backend(), true, String.valueOf(e.getMessage()), clock.millis());
                    LOG.log(Level.WARNING, "hot tier degraded: Redis at " + settings.where()
                            + " is unreachable, serving from the in-process fallback: " + e.getMessage());
                }
            }
        }
    }

    private void probe() {
        if (!status.degraded()) {
            return;
        }
        try {
            if (connection == null) {
                connection = client.connect();
            }
            connection.sync().ping();
            synchronized (this) {
                status = new HotTierStatus(backend(), false, null, clock.millis());
            }
            LOG.info("hot tier recovered: Redis at " + settings.where() + " answers again");
            onRecovery.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "hot tier probe failed", e);
        }
    }

    /** Runs a Lua script by its SHA, loading it on the first NOSCRIPT. */
    <T> T eval(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        RedisCommands<String, String> c = sync();
        try {
            return c.evalsha(script.sha(), type, keys, args);
        } catch (RedisNoScriptException e) {
            return c.eval(script.text(), type, keys, args);
        }
    }

    /** The same, asynchronously. */
    <T> CompletionStage<T> evalAsync(LuaScript script, ScriptOutputType type, String[] keys, String... args) {
        RedisAsyncCommands<String, String> c = async();
        CompletableFuture<T> out = new CompletableFuture<>();
        c.<T>evalsha(script.sha(), type, keys, args).whenComplete((v, e) -> {
            if (e == null) {
                out.complete(v);
            } else if (e instanceof RedisNoScriptException || e.getCause() instanceof RedisNoScriptException) {
                c.<T>eval(script.text(), type, keys, args).whenComplete((v2, e2) -> {
                    if (e2 == null) {
                        out.complete(v2);
                    } else {
                        out.completeExceptionally(e2);
                    }
                });
            } else {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    @Override
    public void close() {
        prober.shutdownNow();
        try {
            StatefulRedisConnection<String, String> c = connection;
            if (c != null) {
                c.close();
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
