/**
 * Wiring of personal-data protection: minimisation and redactors, per-subject encryption, subject data
 * stores, erasure, and the views readers get.
 */
package dev.custody.app.privacy;
