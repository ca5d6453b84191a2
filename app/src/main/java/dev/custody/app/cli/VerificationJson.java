package dev.custody.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.app.api.VerificationBody;
import dev.custody.domain.chain.Verification;

/** A {@link Verification} as the API writes it: {@code {valid, records_checked, first_broken_at, ...}}. */
final class VerificationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VerificationJson() {
    }

    static String of(Verification v) {
        try {
            return JSON.writeValueAsString(VerificationBody.of(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a verification as JSON", e);
        }
    }

    /** The exit code of a verification: 0 valid, 1 broken. */
    static int exitCode(Verification v) {
        return v.valid() ? 0 : 1;
    }
}
