/**
 * Drop-in plugins: the plugin directory scan (one isolated class loader per jar) and the wiring of
 * configured sinks to the delivery engine.
 */
package dev.custody.app.plugins;
