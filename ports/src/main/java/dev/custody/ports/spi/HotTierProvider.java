package dev.custody.ports.spi;

import dev.custody.ports.hot.HotTier;

/**
 * Creates {@link HotTier}s. Register implementations in
 * {@code META-INF/services/dev.custody.ports.spi.HotTierProvider}; {@link #name()} is the value of
 * {@code custody.storage.hot.provider}. The properties are every other key under {@code custody.storage.hot}.
 */
public interface HotTierProvider extends Provider<HotTier> {
}
