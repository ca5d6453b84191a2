package dev.custody.app.idempotency;

import dev.custody.app.problem.ProblemCode;
import dev.custody.app.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a request at most once per {@code Idempotency-Key}: the same key with the same body gets the
 * first successful answer again (header {@code Idempotency-Replayed: true}) and nothing is done twice;
 * a concurrent duplicate waits for the first; the same key with another body is refused (422). Failed
 * answers are not remembered.
 */
@Singleton
public final class Idempotency {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** The header marking a replayed answer. */
    public static final String REPLAYED = "Idempotency-Replayed";
    static final int MAX_KEY_CHARS = 255;

    private final IdempotencyStore store;

    public Idempotency(IdempotencyStore store) {
        this.store = store;
    }

    @jakarta.inject.Inject
    Idempotency(IdempotencyStoreHandle handle) {
        this(handle.store());
    }

    /**
     * Answers with {@code work}, or with the remembered answer of {@code key}.
     *
     * @param scope whose keys these are (the API key name), so callers cannot collide
     * @param key the Idempotency-Key header, or null to just run {@code work}
     * @throws ProblemException INVALID_PARAMETER when the key is empty, too long or not printable ASCII
     */
    public CompletableFuture<MutableHttpResponse<byte[]>> run(String scope, @Nullable String key, byte[] body,
            Supplier<CompletableFuture<MutableHttpResponse<byte[]>>> work) {
        if (key == null) {
            return work.get();
        }
        check(key);
        String hash = sha256(body);
        return attempt(scope, key, hash, work);
    }

    private CompletableFuture<MutableHttpResponse<byte[]>> attempt(String scope, String key, String hash,
            Supplier<CompletableFuture<MutableHttpResponse<byte[]>>> work) {
        IdempotencyStore.Claim claim = store.claim(scope, key, hash);
        if (claim instanceof IdempotencyStore.Claim.Mismatch) {
            return CompletableFuture.failedFuture(ProblemException.at(ProblemCode.IDEMPOTENCY_KEY_REUSED, HEADER,
                    "Idempotency-Key '" + key + "' was already used with a different request body"));
        }
        if (claim instanceof IdempotencyStore.Claim.Existing existing) {
            return existing.answer().thenCompose(answer -> answer
                    .map(a -> CompletableFuture.completedFuture(replay(a)))
                    .orElseGet(() -> attempt(scope, key, hash, work)));
        }
        CompletableFuture<MutableHttpResponse<byte[]>> result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            store.abandon(scope, key);
            throw e;
        }
        return result.whenComplete((response, error) -> {
            if (error == null && response.getStatus().getCode() < 300) {
                store.complete(scope, key, new StoredAnswer(response.getStatus().getCode(),
                        response.getContentType().map(Object::toString).orElse("application/json"),
                        response.getBody().orElse(new byte[0])));
            } else {
                store.abandon(scope, key);
            }
        });
    }

    private static MutableHttpResponse<byte[]> replay(StoredAnswer a) {
        return HttpResponse.<byte[]>status(HttpStatus.valueOf(a.status())).body(a.body()).contentType(a.contentType())
                .header(REPLAYED, "true");
    }

    private static void check(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            throw ProblemException.at(ProblemCode.INVALID_PARAMETER, HEADER,
                    "Idempotency-Key must be 1 to " + MAX_KEY_CHARS + " characters, got " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw ProblemException.at(ProblemCode.INVALID_PARAMETER, HEADER,
                        "Idempotency-Key must be printable ASCII; character " + i + " is not");
            }
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
