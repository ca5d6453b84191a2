/**
 * The delivery engine: forwards durable records from the system of record to the configured sinks,
 * in order per chain, at least once, with a durable cursor, retries, backoff and a dead-letter file.
 */
package dev.custody.domain.delivery;
