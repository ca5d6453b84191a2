package dev.custody.adapters.redis;

import dev.custody.ports.hot.HotTier;
import dev.custody.ports.spi.HotTierProvider;
import dev.custody.ports.spi.ProviderConfig;
import dev.custody.ports.spi.ProviderContext;

/**
 * The {@code redis} hot tier ({@code custody.storage.hot.provider: redis}). Properties: {@code uri},
 * {@code key-prefix}, {@code retention}, {@code idempotency-ttl}, {@code pending-claim-ttl},
 * {@code command-timeout}, {@code probe-interval}, the fallback bounds and {@code read-cache-bytes} (docs/tiers.md,
 * ADR 0112). Redis being down at startup is not an error: the tier starts degraded and connects when Redis answers.
 */
public final class RedisHotTierProvider implements HotTierProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public HotTier create(ProviderConfig config, ProviderContext context) {
        return new RedisHotTier(HotTierSettings.from(config), context.clock());
    }
}
