/**
 * The {@code tink} key store: named Tink AEAD keysets kept as files encrypted under a key-encryption
 * key from a local master key file, an environment variable, AWS KMS or GCP KMS.
 */
package dev.custody.adapters.tink;
