/**
 * The {@code syslog} sink: RFC 5424 messages over TCP with octet-counting framing (RFC 6587/5425),
 * optionally TLS, carrying either the stored record JSON or an ArcSight CEF line.
 */
package dev.custody.plugins.syslog;
