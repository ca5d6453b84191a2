/**
 * The hot tier port: the last hour of each chain, the asynchronous ingest buffer, idempotency keys shared by
 * every replica and sliding-window counters. Plain Java, JDK only, like the rest of the SPI.
 */
package dev.custody.ports.hot;
