/** What the service refuses at the edge of HTTP: request bodies whose length is ambiguous. */
/* Framing: a Netty handler behind the HTTP/1.1 codec (ADR 0096). */
package dev.custody.app.edge;
