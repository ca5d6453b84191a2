/**
 * The hot tier in the service: feeding it after every durable append, answering recent windows from it, and
 * promoting the async ingest buffer into the system of record (docs/tiers.md).
 */
package dev.custody.app.hot;
