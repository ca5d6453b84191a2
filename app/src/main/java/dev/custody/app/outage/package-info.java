/** Store failures as outages: which failures count, the store that reports them, and the outage they make. */
/* Read by the problem mapping (503), the store's health indicator and the metric custody_store_failures_total. */
package dev.custody.app.outage;
