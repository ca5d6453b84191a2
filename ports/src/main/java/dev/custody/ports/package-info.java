/**
 * The language of Custody's boundary: the values that cross it and the driven ports the domain
 * talks to. Plain Java, JDK only; plugin authors depend on this module alone.
 */
package dev.custody.ports;
