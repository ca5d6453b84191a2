/**
 * The contract every hot tier ({@code HotTier}) must pass: subclass {@link dev.custody.tck.hot.HotTierContract}
 * and implement {@code openHotTier(clock, retention)}.
 */
package dev.custody.tck.hot;
