/**
 * Binds Micronaut configuration ({@code application.yml}, {@code --config FILE}, environment variables)
 * into the plain {@link dev.custody.domain.config.ComplianceStorageConfig}.
 */
package dev.custody.app.config;
