/**
 * Retention in the service and the offline commands: the runner built on the runtime, its metrics, its result
 * as JSON and the cron schedule (the HTTP endpoints, {@code /v1/retention/runs} and {@code /v1/holds}, are in
 * the api package with the other controllers and their shared body parsing).
 */
package dev.custody.app.retention;
