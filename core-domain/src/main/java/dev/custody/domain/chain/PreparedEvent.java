package dev.custody.domain.chain;

import dev.custody.ports.ChainId;
import java.nio.charset.StandardCharsets;

/**
 * A validated event with its id assigned and every part of its canonical form that does not depend
 * on its place in the chain already written. Preparing happens on the caller's thread, so the
 * serial part of appending (linking and hashing) stays small.
 */
public final class PreparedEvent {

    final AuditEvent event;
    final String id;
    /** Canonical text from the opening brace up to and including {@code "prev_hash":"}. */
    final String head;
    /** {@code "resource":{…},} or empty. */
    final String resourcePart;
    /** From the comma after seq to the closing brace: {@code [,"subject_id":…],"tenant":…,"v":1}}. */
    final String tail;

    /** The same three parts in UTF-8, as the digest takes them. */
    final byte[] headUtf8;
    final byte[] resourceUtf8;
    final byte[] tailUtf8;

    PreparedEvent(AuditEvent event, String id, String head, String resourcePart, String tail) {
        this.event = event;
        this.id = id;
        this.head = head;
        this.resourcePart = resourcePart;
        this.tail = tail;
        this.headUtf8 = head.getBytes(StandardCharsets.UTF_8);
        this.resourceUtf8 = resourcePart.getBytes(StandardCharsets.UTF_8);
        this.tailUtf8 = tail.getBytes(StandardCharsets.UTF_8);
    }

    /** UTF-8 bytes of the parts that do not depend on the chain position. */
    int fixedUtf8Length() {
        return headUtf8.length + resourceUtf8.length + tailUtf8.length;
    }

    /** The chain the event goes to. */
    public ChainId chain() {
        return event.chain();
    }

    /** The record id assigned to it. */
    public String id() {
        return id;
    }

    /** The event as given. */
    public AuditEvent event() {
        return event;
    }
}
