/**
 * Read-access auditing: every read of the trail (queries, exports, verifications, forensics, offline CLI reads)
 * appends an {@code access} record to the reader's tenant's access chain {@code custody.access/<tenant>}.
 */
package dev.custody.app.access;
