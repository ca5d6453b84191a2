/**
 * Benchmarks that measure Custody beside the matching physical limit in the same run and report the
 * ratio (see {@code docs/performance.md}).
 */
package dev.custody.app.bench;
