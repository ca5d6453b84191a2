/** Fault injection for tests: a TCP proxy a test can cut and restore. */
package dev.custody.app.fault;
