/**
 * The s3 and gcs cold archives: compressed NDJSON segments with manifests under object lock (issue 6).
 * Nothing here yet: the module exists so the reactor and its arrows are fixed from the start.
 */
package dev.custody.adapters.s3gcs;
