/**
 * The service and CLI: the only composition root. Binds configuration, picks providers by name and
 * builds the domain services with them.
 */
package dev.custody.app;
