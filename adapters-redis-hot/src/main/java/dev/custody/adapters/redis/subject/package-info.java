/**
 * The {@code redis} subject data store: conversation checkpoints per (pseudonymised) subject and thread, with
 * their last-active time, which erasure deletes per subject and retention deletes by inactivity.
 */
package dev.custody.adapters.redis.subject;
