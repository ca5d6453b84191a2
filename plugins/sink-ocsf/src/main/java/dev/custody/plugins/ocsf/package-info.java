/**
 * The {@code ocsf} sink: records as OCSF 1.1 events (API Activity 6003; Entity Management 3004 Delete for
 * GDPR erasures) POSTed as a JSON array to a webhook.
 */
package dev.custody.plugins.ocsf;
