/**
 * The {@code splunk-hec} sink: JSON events to Splunk's HTTP Event Collector, batched, with optional
 * indexer acknowledgement (a channel and {@code /services/collector/ack} polling).
 */
package dev.custody.plugins.splunk;
