/**
 * The hash chain: events validated and encoded into format-v1 records, appended with group commit and
 * optimistic concurrency, and verified record by record.
 */
package dev.custody.domain.chain;
