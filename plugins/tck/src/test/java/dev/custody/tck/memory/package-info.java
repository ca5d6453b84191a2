/** The contract kit run against {@link dev.custody.domain.memory.MemoryAuditStore}, the reference store. */
package dev.custody.tck.memory;
