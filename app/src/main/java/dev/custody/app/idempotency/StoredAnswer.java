package dev.custody.app.idempotency;

import static java.util.Objects.requireNonNull;

/**
 * The first successful answer to an idempotent request, replayed as is.
 *
 * @param status HTTP status
 * @param contentType media type of the body
 * @param body the exact bytes sent
 */
public record StoredAnswer(int status, String contentType, byte[] body) {

    public StoredAnswer {
        requireNonNull(contentType, "contentType is null");
        body = requireNonNull(body, "body is null").clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
