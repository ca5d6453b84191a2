/**
 * Sink contracts of the kit: abstract suites every {@link dev.custody.ports.AuditSink} runs against its
 * real receiver (ordering, at-least-once across receiver restarts, batching), driven by the real delivery engine.
 */
package dev.custody.tck.sink;
