/**
 * {@code custody bench}: a load generator that appends through a runtime in this process or POSTs to a
 * running server, and reports throughput and latency percentiles.
 */
package dev.custody.app.cli.bench;
