/**
 * The contract every {@code ArchiveStore} must pass: subclass {@link dev.custody.tck.archive.ArchiveObjectsContract}
 * and {@link dev.custody.tck.archive.ArchiveProtectionContract}, implement {@code openArchive()}.
 */
package dev.custody.tck.archive;
