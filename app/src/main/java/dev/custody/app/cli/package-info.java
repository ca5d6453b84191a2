/**
 * The {@code custody} command line (picocli): serve, verify, export, verify-export and bench.
 * Offline commands start the composition root without the HTTP server, in the {@code cli} environment.
 */
package dev.custody.app.cli;
