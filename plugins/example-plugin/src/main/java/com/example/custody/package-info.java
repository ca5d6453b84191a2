/**
 * An example third-party plugin: the {@code example-ndjson} sink appends every delivered record to a
 * local NDJSON file. Built against {@code custody-ports} only.
 */
package com.example.custody;
