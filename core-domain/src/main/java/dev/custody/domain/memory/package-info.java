/**
 * The {@code memory} backend: an {@link dev.custody.ports.AuditStore} held in the heap, for tests and
 * development. Nothing survives the process.
 */
package dev.custody.domain.memory;
