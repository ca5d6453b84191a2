/**
 * Personal data: minimisation and redaction of payloads, per-subject encryption of personal fields and keyed
 * pseudonyms of subject ids, the index of subjects to chains, and GDPR Art. 17 erasure (crypto-shredding).
 */
package dev.custody.domain.privacy;
