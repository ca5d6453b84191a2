/**
 * Compliance modes ({@code none}, {@code soc2}, {@code hipaa}) and the flags they set: synchronous
 * writes, hash chain, immutable audit data.
 */
package dev.custody.domain.compliance;
