/**
 * The {@code s3} (AWS SDK v2, any S3-compatible store) and {@code gcs} (google-cloud-storage) cold archives:
 * immutable objects with SHA-256 checked uploads, WORM retention and legal holds where the bucket has them.
 */
package dev.custody.adapters.s3gcs;
