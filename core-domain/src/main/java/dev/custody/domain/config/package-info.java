/**
 * {@code ComplianceStorageConfig}: the whole configuration of a Custody instance as plain immutable
 * records, validated on construction. The app binds it from its configuration sources.
 */
package dev.custody.domain.config;
