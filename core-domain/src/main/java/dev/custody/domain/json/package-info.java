/**
 * Strict RFC 8259 / I-JSON parsing into plain maps and lists, and RFC 8785 (JCS) canonical writing
 * with ECMAScript number formatting; plain JDK, no dependencies.
 */
package dev.custody.domain.json;
