/**
 * The redis hot tier: recent records per chain, idempotency keys, window counters (issue 6).
 * Nothing here yet: the module exists so the reactor and its arrows are fixed from the start.
 */
package dev.custody.adapters.redis;
