/** Micrometer metrics of appends, verifications and rejections, exposed at {@code /prometheus}. */
package dev.custody.app.metrics;
