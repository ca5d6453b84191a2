/**
 * Tiering: archival of contiguous seq ranges from the system of record to a cold {@code ArchiveStore}
 * (NDJSON segment + manifest + RFC 9162 Merkle root), verification across tiers, restore, and chains of custody.
 */
package dev.custody.domain.tiering;
