/** Test doubles of backends, registered through ServiceLoader like real ones. */
/* Used by the API tests that need a failing system of record. */
package dev.custody.app.testing;
