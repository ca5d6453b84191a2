/**
 * Retention in the service and the offline commands: the runner built on the runtime, its metrics, the HTTP
 * endpoint and the cron schedule.
 */
package dev.custody.app.retention;
