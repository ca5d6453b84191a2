/**
 * The contract every subject data store ({@code SubjectDataStore}) must pass: subclass
 * {@link dev.custody.tck.subject.SubjectDataStoreContract} and implement {@code openStore()}.
 */
package dev.custody.tck.subject;
