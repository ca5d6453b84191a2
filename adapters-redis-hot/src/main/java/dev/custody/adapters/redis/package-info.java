/**
 * The {@code redis} hot tier: recent records per chain in Redis streams, the async ingest buffer, idempotency
 * keys and window counters, with an in-process fallback while Redis is unreachable (docs/tiers.md).
 */
package dev.custody.adapters.redis;
