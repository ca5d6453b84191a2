/** What the service refuses at the edge of HTTP: request bodies whose length or content coding is ambiguous. */
/* Framing: a Netty handler behind the HTTP/1.1 codec (ADR 0096). Content codings: a server filter (ADR 0097). */
package dev.custody.app.edge;
