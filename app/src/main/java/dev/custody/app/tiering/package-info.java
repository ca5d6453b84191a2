/**
 * The cold archive in the service: zstd for segments, the tiering services built on the configured archive,
 * scheduled archival with its metrics, and the forensics endpoint.
 */
package dev.custody.app.tiering;
