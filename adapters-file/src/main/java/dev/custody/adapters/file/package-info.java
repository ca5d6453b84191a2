/**
 * The {@code file} storage backend: each chain is a directory of JSONL day files, one stored record
 * per line, made durable with fdatasync before an append returns, written by one process per directory.
 */
package dev.custody.adapters.file;
