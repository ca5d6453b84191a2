/**
 * Retention: which records and subject data may go when (policies matched by namespace, tenant and kind), and
 * the run that archives what is due, deletes what has expired in bounded batches and records what it did.
 */
package dev.custody.domain.retention;
