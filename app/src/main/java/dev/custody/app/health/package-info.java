/** Health of what the service depends on: the system of record. */
/* Reported under /health with details. */
package dev.custody.app.health;
