/** The HTTP API v1: append, query, fetch, verify and export audit records; compliance status; API docs. */
/* Controllers parse strictly, check the caller's role and scope, and answer exact JSON shapes. */
package dev.custody.app.api;
