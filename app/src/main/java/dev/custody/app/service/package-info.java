/**
 * Micronaut wiring: binds the configuration, starts the {@link dev.custody.app.CustodyRuntime} at
 * startup (failing fast on invalid configuration) and closes it at shutdown.
 */
package dev.custody.app.service;
