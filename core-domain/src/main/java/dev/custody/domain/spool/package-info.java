/**
 * The local spool: when the system of record cannot be reached, accepted events wait in fsync'd files under
 * {@code custody.home/spool}, in order per chain, and are appended when it returns (idempotently, by event id).
 */
package dev.custody.domain.spool;
